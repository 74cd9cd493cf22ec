package org.gsaexplorer.model.generate;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.Random;
import java.util.function.IntConsumer;

/** Continues a prompt: one prefill, then one step per new token, each chosen by a {@link Sampler} from its logits. */
public final class Generator {
    private Generator() {
    }

    /**
     * @param session continues from its current state (normally empty)
     * @param onToken told each new token as soon as it is chosen
     * @return the new tokens
     */
    public static int[] continuation(GsaSession session, int[] prompt, int tokens, Sampler sampler, IntConsumer onToken) {
        if (prompt.length == 0) throw new GsaException("the prompt has no tokens");
        if (tokens < 0) throw new GsaException("cannot generate " + tokens + " tokens");
        Random random = new Random(sampler.seed());
        int[] out = new int[tokens];
        float[] logits = session.prefill(prompt, ProbeSpec.NONE).logitsAt(prompt.length - 1);
        for (int i = 0; i < tokens; i++) {
            out[i] = sampler.next(logits, random);
            onToken.accept(out[i]);
            if (i + 1 < tokens) logits = session.step(out[i], ProbeSpec.NONE).logitsAt(0);
        }
        return out;
    }
}
