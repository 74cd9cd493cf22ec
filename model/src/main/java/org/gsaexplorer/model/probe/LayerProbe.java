package org.gsaexplorer.model.probe;

import java.util.List;

/**
 * The internals of one layer over {@code tokens} tokens. Arrays are flat, token-major: [T][H][M] with H = kv heads
 * for the gate and memory arrays and H = query heads for the readout arrays.
 *
 * @param alpha         forget gate α per slot
 * @param write         slot write weight s = 1 − α
 * @param keyNorm       L2 norm of each slot's key row after the update
 * @param valueNorm     L2 norm of each slot's value row after the update
 * @param readout       readout weights p over slots (softmax unless ablated)
 * @param readoutLogits slot scores z = K̃_t·q̂_t before the readout nonlinearity
 */
public record LayerProbe(int layer, int tokens, int kvHeads, int queryHeads, int slots,
                         float[] alpha, float[] write, float[] keyNorm, float[] valueNorm,
                         float[] readout, float[] readoutLogits) {

    public static LayerProbe allocate(int layer, int tokens, int kvHeads, int queryHeads, int slots) {
        int kv = tokens * kvHeads * slots, q = tokens * queryHeads * slots;
        return new LayerProbe(layer, tokens, kvHeads, queryHeads, slots,
                new float[kv], new float[kv], new float[kv], new float[kv], new float[q], new float[q]);
    }

    public int kvIndex(int t, int h, int m) {
        return (t * kvHeads + h) * slots + m;
    }

    public int qIndex(int t, int h, int m) {
        return (t * queryHeads + h) * slots + m;
    }

    /** The probes of tokens [from, from + count). */
    public LayerProbe slice(int from, int count) {
        LayerProbe out = allocate(layer, count, kvHeads, queryHeads, slots);
        int kv = kvHeads * slots, q = queryHeads * slots;
        System.arraycopy(alpha, from * kv, out.alpha, 0, count * kv);
        System.arraycopy(write, from * kv, out.write, 0, count * kv);
        System.arraycopy(keyNorm, from * kv, out.keyNorm, 0, count * kv);
        System.arraycopy(valueNorm, from * kv, out.valueNorm, 0, count * kv);
        System.arraycopy(readout, from * q, out.readout, 0, count * q);
        System.arraycopy(readoutLogits, from * q, out.readoutLogits, 0, count * q);
        return out;
    }

    /** Joins probes of consecutive token ranges of the same layer. */
    public static LayerProbe concat(List<LayerProbe> parts) {
        LayerProbe f = parts.getFirst();
        int tokens = parts.stream().mapToInt(LayerProbe::tokens).sum();
        LayerProbe out = allocate(f.layer, tokens, f.kvHeads, f.queryHeads, f.slots);
        int kvOff = 0, qOff = 0;
        for (LayerProbe p : parts) {
            System.arraycopy(p.alpha, 0, out.alpha, kvOff, p.alpha.length);
            System.arraycopy(p.write, 0, out.write, kvOff, p.write.length);
            System.arraycopy(p.keyNorm, 0, out.keyNorm, kvOff, p.keyNorm.length);
            System.arraycopy(p.valueNorm, 0, out.valueNorm, kvOff, p.valueNorm.length);
            System.arraycopy(p.readout, 0, out.readout, qOff, p.readout.length);
            System.arraycopy(p.readoutLogits, 0, out.readoutLogits, qOff, p.readoutLogits.length);
            kvOff += p.alpha.length;
            qOff += p.readout.length;
        }
        return out;
    }
}
