package org.gsaexplorer.model.weights;

import org.gsaexplorer.model.error.GsaException;

/** The property every parser fuzz test checks: a hostile file ends in a clean, one-line {@link GsaException} or a valid result. */
final class FuzzProperty {
    /** Long enough for a path and a few quoted names; longer means file text leaked into the message uncut. */
    static final int MAX_MESSAGE = 800;

    private FuzzProperty() {
    }

    static void requireCleanMessage(GsaException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) throw new AssertionError("GsaException without a message", e);
        if (m.length() > MAX_MESSAGE) throw new AssertionError("message of " + m.length() + " characters", e);
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')
                throw new AssertionError("message is not one clean line (char " + (int) c + " at " + i + ")", e);
        }
    }

    static void require(boolean ok, String what) {
        if (!ok) throw new AssertionError("accepted an invalid input: " + what);
    }
}
