package io.replog.errors;

/**
 * The request needs the active controller, and the broker that got it is not (or is no longer)
 * the controller, for example because it resigned or its session expired. Retry against the
 * current controller.
 */
public class NotControllerException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public NotControllerException(String message) {
        super(message);
    }

    public NotControllerException(String message, Throwable cause) {
        super(message, cause);
    }
}
