package io.replog.internal.fault;

/**
 * Known replication bugs that can be switched on deliberately, so that the deterministic
 * simulation can prove its invariant checker catches them: a checker that never fails proves
 * nothing. Production configuration has no way to set these; only code that builds a broker
 * by hand (the simulation) can, and every use is logged at ERROR.
 */
public enum PlantedBug {
    /**
     * The leader moves its high watermark to the furthest follower instead of the slowest ISR
     * member, so acks=all writes are acknowledged before every ISR member holds them.
     */
    HIGH_WATERMARK_PAST_LAGGING_ISR_MEMBER,
    /**
     * A follower that starts following truncates to its own high watermark instead of asking the
     * leader where its epoch ended (the pre-KIP-101 behaviour that loses committed data).
     */
    TRUNCATE_TO_HIGH_WATERMARK,
    /**
     * The controller elects a live replica from outside the ISR although ISR members are alive.
     */
    LEADER_FROM_OUTSIDE_ISR,
    /**
     * A broker obeys controller requests before it is registered and whatever broker epoch they
     * name, so a quickly restarted process acts on decisions meant for its previous process (the
     * pre-KIP-380 behaviour); and a process back from an unclean shutdown stays in the ISRs and
     * may lead (the pre-KIP-966 behaviour). Either lets a replica that lost its tail lead.
     */
    BROKER_EPOCH_IGNORED,
    /**
     * Topic deletion is final as soon as the live replicas were told, and a broker reopens
     * whatever partition directory it finds, whatever topic id it holds: a deleted topic's data
     * comes back in a new topic of the same name.
     */
    STALE_TOPIC_DIRECTORY_REUSED
}
