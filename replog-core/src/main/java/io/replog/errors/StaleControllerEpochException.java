package io.replog.errors;

/**
 * A request came from a controller whose epoch is older than the newest one this broker knows: it is from a controller that has since been replaced and is ignored.
 */
public class StaleControllerEpochException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public StaleControllerEpochException(String message) {
        super(message);
    }

    public StaleControllerEpochException(String message, Throwable cause) {
        super(message, cause);
    }
}
