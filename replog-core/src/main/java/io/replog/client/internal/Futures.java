package io.replog.client.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What the clients need of futures beyond the JDK's, in one place. */
public final class Futures {
    private Futures() {
    }

    /**
     * The failure itself: {@code error} without the {@link CompletionException} and
     * {@link ExecutionException} wrappers that futures add around it.
     */
    public static Throwable cause(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
