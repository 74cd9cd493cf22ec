package org.gsaexplorer.model.ablation;

import org.gsaexplorer.model.error.GsaException;

/** Reading the colon-separated numbers of an intervention spec. */
final class Specs {
    private Specs() {
    }

    /** {@code count} non-negative integers separated by ':' (the {@code form} names them in the message). */
    static int[] numbers(String spec, String value, int count, String form) {
        String[] parts = value.split(":", -1);
        if (parts.length != count) throw new GsaException("ablation " + spec + ": expected " + form);
        int[] n = new int[count];
        for (int i = 0; i < count; i++) n[i] = nonNegative(spec, parts[i]);
        return n;
    }

    static int nonNegative(String spec, String s) {
        try {
            int v = Integer.parseInt(s.strip());
            if (v < 0) throw new GsaException("ablation " + spec + ": " + v + " must be 0 or more");
            return v;
        } catch (NumberFormatException e) {
            throw new GsaException("ablation " + spec + ": '" + s + "' is not a whole number");
        }
    }
}
