package org.gsaexplorer.model;

/**
 * A problem the user can act on (bad file, bad config, unknown token, no GPU...). The message is one line that names
 * the file, field or value at fault; callers show it as is, without a stack trace.
 */
public class GsaException extends RuntimeException {
    public GsaException(String message) {
        super(message);
    }

    public GsaException(String message, Throwable cause) {
        super(message, cause);
    }
}
