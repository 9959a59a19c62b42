package io.replog.errors;

/**
 * A broker's coordinator or transport implementation cannot be chosen: none is on the class
 * path, several are and none was named, the one named is not there, or one registered in
 * {@code META-INF/services} cannot be loaded. The message names the service, what was found
 * (each provider's name and class) and how to fix it. Not retriable: the class path decides.
 */
public class ProviderException extends ReplogException {
    private static final long serialVersionUID = 1L;

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
