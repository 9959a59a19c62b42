package io.replog.bench.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line: {@code --runs N} (runs per side, at least 1, default 3) and
 * {@code --jvm-arg ARG} (repeatable: a flag added to every child JVM, both sides alike). Anything
 * else is refused with a message naming the argument and what is allowed.
 */
record Arguments(int runs, List<String> jvmArgs) {
    static final int DEFAULT_RUNS = 3;
    private static final String USAGE = "use --runs N (N >= 1, default " + DEFAULT_RUNS + ") and --jvm-arg ARG";

    Arguments {
        jvmArgs = List.copyOf(jvmArgs);
    }

    static Arguments parse(String... args) {
        int runs = DEFAULT_RUNS;
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = runs(valueOf(args, i++));
                case "--jvm-arg" -> jvmArgs.add(valueOf(args, i++));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "': " + USAGE);
            }
        }
        return new Arguments(runs, jvmArgs);
    }

    private static String valueOf(String[] args, int flagIndex) {
        if (flagIndex + 1 >= args.length) {
            throw new IllegalArgumentException(args[flagIndex] + " needs a value: " + USAGE);
        }
        return args[flagIndex + 1];
    }

    private static int runs(String value) {
        int runs;
        try {
            runs = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--runs must be a whole number of at least 1, got '" + value + "'");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be a whole number of at least 1, got " + runs);
        }
        return runs;
    }
}
