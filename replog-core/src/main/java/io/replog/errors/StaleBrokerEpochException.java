package io.replog.errors;

/**
 * A controller request named a registration of the target broker older than its current one: it
 * was decided for an earlier process of that broker (which may have held more data) and is refused.
 */
public class StaleBrokerEpochException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public StaleBrokerEpochException(String message) {
        super(message);
    }
}
