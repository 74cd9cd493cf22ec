package org.gsaexplorer.model.error;

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

    /** Longest piece of file-supplied text put into a message (names and parser complaints can be arbitrarily long). */
    static final int MAX_QUOTED = 120;

    /** Text taken from a file, made safe for a one-line message: control and line-break characters escaped, long text cut. */
    public static String oneLine(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (s.length() > n) b.append("...");
        return b.toString();
    }

    /** {@link #oneLine(String)} in single quotes, for names taken from a file. */
    public static String quote(String s) {
        return "'" + oneLine(s) + "'";
    }
}
