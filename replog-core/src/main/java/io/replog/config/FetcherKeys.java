package io.replog.config;

/**
 * Declares the keys of how followers fetch from leaders, each exactly once: {@link BrokerConfig}
 * publishes these very objects as its constants and {@link BrokerConfig#FETCHER_CONFIG_DEF}.
 * That {@code replica.fetch.wait.max.ms} stays within {@code replica.lag.time.max.ms} is checked
 * by {@link BrokerConfig}, which sees both sections.
 */
final class FetcherKeys {

    static final ConfigKey<Integer> REPLICA_FETCH_WAIT_MAX_MS = ConfigKey.of("replica.fetch.wait.max.ms",
            ConfigType.INT, 500, Validator.atLeast(0),
            "How long a leader may hold a follower's fetch while it waits for replica.fetch.min.bytes of new "
                    + "data; at most replica.lag.time.max.ms.");
    static final ConfigKey<Integer> REPLICA_FETCH_MIN_BYTES = ConfigKey.of("replica.fetch.min.bytes",
            ConfigType.INT, 1, Validator.atLeast(0),
            "How many bytes of new data a leader waits for before it answers a follower's fetch.");
    static final ConfigKey<Integer> REPLICA_FETCH_MAX_BYTES = ConfigKey.of("replica.fetch.max.bytes",
            ConfigType.INT, 1024 * 1024, Validator.atLeast(0),
            "The most bytes a follower asks for per partition in one fetch; a larger first batch is still "
                    + "returned whole, so followers never stall.");
    static final ConfigKey<Integer> REPLICA_FETCH_BACKOFF_MS = ConfigKey.of("replica.fetch.backoff.ms",
            ConfigType.INT, 1_000, Validator.atLeast(0),
            "The longest a follower pauses after failed fetches before it tries again: the first pause is "
                    + "50 ms (or this, if smaller) and each failure in a row doubles it up to this, so a "
                    + "follower whose first fetch overtakes its leader's news of a partition is back at once.");

    static final ConfigDef CONFIG_DEF = ConfigDef.of(REPLICA_FETCH_WAIT_MAX_MS, REPLICA_FETCH_MIN_BYTES,
            REPLICA_FETCH_MAX_BYTES, REPLICA_FETCH_BACKOFF_MS);

    private FetcherKeys() {
    }
}
