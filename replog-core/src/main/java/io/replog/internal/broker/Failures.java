package io.replog.internal.broker;

import java.util.concurrent.CompletionException;

/** What went wrong, once the wrappers of asynchronous stages are taken off. */
final class Failures {
    private Failures() {
    }

    /** {@code e} without its {@link CompletionException} wrappers. */
    static Throwable cause(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
