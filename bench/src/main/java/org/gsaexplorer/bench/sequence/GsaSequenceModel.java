package org.gsaexplorer.bench.sequence;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;

/** A GSA model on any backend, seen through the bench's {@link SequenceModel} interface (probes off unless asked for). */
public final class GsaSequenceModel implements SequenceModel {
    private final LoadedModel model;
    private final long parameters;
    private final long weightBytesPerToken, matmulParameters;

    /**
     * @param residentBytesPerWeight bytes per weight as the backend holds them: 4 for the CPU backends, which convert
     *                               to fp32; the checkpoint's dtype for a GPU backend that keeps it
     */
    public GsaSequenceModel(Checkpoint checkpoint, LoadedModel model, int residentBytesPerWeight) {
        this.model = model;
        GsaConfig c = checkpoint.config();
        parameters = checkpoint.parameterCount();
        long embedding = (long) c.vocabSize() * c.hiddenSize();
        // Decoding reads every matrix once; of the embedding table only one row, unless it doubles as the LM head.
        long read = parameters - embedding + c.hiddenSize() + (c.tieWordEmbeddings() ? embedding : 0);
        weightBytesPerToken = read * residentBytesPerWeight;
        matmulParameters = read - c.hiddenSize();
    }

    /** Bytes of the fp32 recurrent state per sequence: key and value slots of every layer, plus the short-conv history. */
    public static long stateBytes(GsaConfig c) {
        long slots = (long) c.numKvHeads() * c.numSlots() * (c.headKDim() + c.headVDim());
        long conv = c.useShortConv() ? (long) (c.keyDim() + c.kvKeyDim() + c.kvValueDim()) * (c.convSize() - 1) : 0;
        return (long) c.numLayers() * (slots + conv) * Float.BYTES;
    }

    @Override public String arch() { return "gsa"; }
    @Override public String engine() { return model.backend().name(); }
    @Override public int vocabSize() { return model.config().vocabSize(); }
    @Override public long parameterCount() { return parameters; }
    @Override public long weightBytesPerToken() { return weightBytesPerToken; }
    @Override public long matmulParametersPerToken() { return matmulParameters; }
    @Override public long stateBytes(int context) { return stateBytes(model.config()); }

    @Override
    public SequenceSession newSession() {
        return new Session(model.newSession());
    }

    private record Saved(RecurrentState state) implements SequenceSession.Snapshot {
    }

    /** A GSA session as a bench sequence; a backend with device-side loops overrides advance / generate. */
    public static class Session implements SequenceSession {
        private final GsaSession s;
        private ProbeSpec stepProbes = ProbeSpec.NONE;

        public Session(GsaSession s) {
            this.s = s;
        }

        @Override public float[] prefill(int[] ids) { return s.prefill(ids, ProbeSpec.NONE).logits(); }
        @Override public float[] step(int id) { return s.step(id, stepProbes).logits(); }

        @Override
        public int probeAllLayers(boolean on) {
            stepProbes = on ? ProbeSpec.all(s.config().numLayers()) : ProbeSpec.NONE;
            return s.config().numLayers();
        }
        @Override public int position() { return s.position(); }
        @Override public long stateBytes() { return GsaSequenceModel.stateBytes(s.config()); }
        @Override public Snapshot snapshot() { return new Saved(s.saveState()); }
        @Override public void reset() { s.reset(); }
        @Override public void close() { s.close(); }

        @Override
        public void restore(Snapshot snapshot) {
            if (!(snapshot instanceof Saved(RecurrentState state))) throw new IllegalArgumentException("snapshot is not from a GSA session");
            s.restoreState(state);
        }
    }
}
