package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * The recurrent state of one sequence on the GPU, in the reference's layout per layer: key slots [Hkv][M][dk], value
 * slots [Hkv][M][dv] and the short-conv history; saved to and restored from the host as a {@link RecurrentState}.
 */
final class SlotState {
    private final Driver drv;
    private final int layers;
    /** Bytes per layer. */
    final long keyBytes, valueBytes, convBytes;
    private final long keys, values, conv;

    SlotState(Driver drv, GsaConfig c) {
        this.drv = drv;
        this.layers = c.numLayers();
        int cf = c.numKvHeads() * c.numSlots();
        this.keyBytes = 4L * cf * c.headKDim();
        this.valueBytes = 4L * cf * c.headVDim();
        this.convBytes = c.useShortConv() ? 4L * (c.keyDim() + c.kvKeyDim() + c.kvValueDim()) * (c.convSize() - 1) : 0;
        long ks = 0, vs = 0;
        try {
            ks = drv.alloc(keyBytes * layers, "key slots");
            vs = drv.alloc(valueBytes * layers, "value slots");
            this.conv = convBytes > 0 ? drv.alloc(convBytes * layers, "conv state") : 0;
        } catch (RuntimeException e) {
            drv.free(ks);
            drv.free(vs);
            throw e;
        }
        this.keys = ks;
        this.values = vs;
    }

    long keys(int layer) {
        return keys + layer * keyBytes;
    }

    long values(int layer) {
        return values + layer * valueBytes;
    }

    /** Layer {@code layer}'s conv history, 0 without short convolutions. */
    long conv(int layer) {
        return convBytes > 0 ? conv + layer * convBytes : 0;
    }

    /** Bytes of recurrent state per layer set (keys, values, conv), read and written once per decode step. */
    long bytes() {
        return (keyBytes + valueBytes + convBytes) * layers;
    }

    void zero(MemorySegment stream) {
        drv.zeroAsync(keys, keyBytes * layers, stream);
        drv.zeroAsync(values, valueBytes * layers, stream);
        if (convBytes > 0) drv.zeroAsync(conv, convBytes * layers, stream);
    }

    /** The state after {@code position} tokens (the stream is idle). */
    RecurrentState save(int position) {
        float[][] ks = new float[layers][], vs = new float[layers][], cs = new float[layers][];
        try (Arena t = Arena.ofConfined()) {
            MemorySegment buf = t.allocate(Math.max(keyBytes, Math.max(valueBytes, Math.max(convBytes, 4))), 16);
            for (int l = 0; l < layers; l++) {
                ks[l] = download(buf, keys(l), keyBytes);
                vs[l] = download(buf, values(l), valueBytes);
                cs[l] = convBytes > 0 ? download(buf, conv(l), convBytes) : new float[0];
            }
        }
        return new RecurrentState(position, ks, vs, cs);
    }

    private float[] download(MemorySegment buf, long src, long bytes) {
        drv.copyDtoH(buf, src, bytes);
        return buf.asSlice(0, bytes).toArray(JAVA_FLOAT);
    }

    /** Throws unless {@code s} was saved from a model of this shape. */
    void check(RecurrentState s) {
        if (s.keySlots().length != layers || s.keySlots()[0].length * 4L != keyBytes || s.valueSlots()[0].length * 4L != valueBytes)
            throw new GsaException("saved state does not belong to this model (layer or slot sizes differ)");
    }

    /** Uploads {@code s} (checked; the stream is idle). */
    void restore(RecurrentState s) {
        try (Arena t = Arena.ofConfined()) {
            for (int l = 0; l < layers; l++) {
                drv.copyHtoD(keys(l), t.allocateFrom(JAVA_FLOAT, s.keySlots()[l]), keyBytes);
                drv.copyHtoD(values(l), t.allocateFrom(JAVA_FLOAT, s.valueSlots()[l]), valueBytes);
                if (convBytes > 0) {
                    float[] cv = s.convState()[l];
                    if (cv == null || cv.length * 4L != convBytes) throw new GsaException("saved state has no matching conv history for layer " + l);
                    drv.copyHtoD(conv(l), t.allocateFrom(JAVA_FLOAT, cv), convBytes);
                }
            }
        }
    }

    void free() {
        drv.free(keys);
        drv.free(values);
        drv.free(conv);
    }
}
