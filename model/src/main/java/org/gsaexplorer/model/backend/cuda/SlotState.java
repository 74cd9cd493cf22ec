package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.backend.cuda.runtime.Driver;
import org.gsaexplorer.model.config.GsaConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * The recurrent state of {@code batch} sequences on the GPU, in the reference's layout per layer and sequence: key slots
 * [Hkv][M][dk], value slots [Hkv][M][dv] and the short-conv history, a layer's sequences one after the other (the
 * slot kernels find theirs by blockIdx.z, see gsa_layout.cu). Each sequence's state is saved to and restored from the
 * host as a {@link RecurrentState}; {@link StatePatch} fills every sequence from two such states on the device.
 */
final class SlotState {
    private final Driver drv;
    private final int layers, batch;
    /** Bytes per layer and sequence. */
    final long keyBytes, valueBytes, convBytes;
    private final long keys, values, conv;

    SlotState(Driver drv, GsaConfig c, int batch) {
        this.drv = drv;
        this.layers = c.numLayers();
        this.batch = batch;
        int cf = c.numKvHeads() * c.numSlots();
        this.keyBytes = 4L * cf * c.headKDim();
        this.valueBytes = 4L * cf * c.headVDim();
        this.convBytes = c.useShortConv() ? 4L * (c.keyDim() + c.kvKeyDim() + c.kvValueDim()) * (c.convSize() - 1) : 0;
        long ks = 0, vs = 0;
        try {
            ks = drv.alloc(keyBytes * layers * batch, "key slots");
            vs = drv.alloc(valueBytes * layers * batch, "value slots");
            this.conv = convBytes > 0 ? drv.alloc(convBytes * layers * batch, "conv state") : 0;
        } catch (RuntimeException e) {
            drv.free(ks);
            drv.free(vs);
            throw e;
        }
        this.keys = ks;
        this.values = vs;
    }

    /** Layer {@code layer}'s key slots, its first sequence's. */
    long keys(int layer) {
        return keys + layer * keyBytes * batch;
    }

    long values(int layer) {
        return values + layer * valueBytes * batch;
    }

    /** Layer {@code layer}'s conv history, 0 without short convolutions. */
    long conv(int layer) {
        return convBytes > 0 ? conv + layer * convBytes * batch : 0;
    }

    /** Bytes of recurrent state of all layers and sequences (keys, values, conv), read and written once per decode step. */
    long bytes() {
        return (keyBytes + valueBytes + convBytes) * layers * batch;
    }

    void zero(MemorySegment stream) {
        drv.zeroAsync(keys, keyBytes * layers * batch, stream);
        drv.zeroAsync(values, valueBytes * layers * batch, stream);
        if (convBytes > 0) drv.zeroAsync(conv, convBytes * layers * batch, stream);
    }

    /** Sequence b's part of {@code part} (keys, values or conv of a layer's first sequence) of {@code bytes} per sequence. */
    private long seq(long part, long bytes, int b) {
        return part + Objects.checkIndex(b, batch) * bytes;
    }

    /** Sequence b's state after {@code position} tokens (the stream is idle). */
    RecurrentState save(int b, int position) {
        float[][] ks = new float[layers][], vs = new float[layers][], cs = new float[layers][];
        try (Arena t = Arena.ofConfined()) {
            MemorySegment buf = t.allocate(Math.max(keyBytes, Math.max(valueBytes, Math.max(convBytes, 4))), 16);
            for (int l = 0; l < layers; l++) {
                ks[l] = download(buf, seq(keys(l), keyBytes, b), keyBytes);
                vs[l] = download(buf, seq(values(l), valueBytes, b), valueBytes);
                cs[l] = convBytes > 0 ? download(buf, seq(conv(l), convBytes, b), convBytes) : new float[0];
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
        for (int l = 0; l < layers; l++) {
            float[] cv = s.convState()[l];
            if (convBytes > 0 && (cv == null || cv.length * 4L != convBytes)) throw new GsaException("saved state has no matching conv history for layer " + l);
        }
    }

    /** Uploads {@code s} (checked) as sequence b's state (the stream is idle). */
    void restore(int b, RecurrentState s) {
        try (Arena t = Arena.ofConfined()) {
            for (int l = 0; l < layers; l++) {
                drv.copyHtoD(seq(keys(l), keyBytes, b), t.allocateFrom(JAVA_FLOAT, s.keySlots()[l]), keyBytes);
                drv.copyHtoD(seq(values(l), valueBytes, b), t.allocateFrom(JAVA_FLOAT, s.valueSlots()[l]), valueBytes);
                if (convBytes > 0) drv.copyHtoD(seq(conv(l), convBytes, b), t.allocateFrom(JAVA_FLOAT, s.convState()[l]), convBytes);
            }
        }
    }

    void free() {
        drv.free(keys);
        drv.free(values);
        drv.free(conv);
    }
}
