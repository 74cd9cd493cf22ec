package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.bench.GsaSequenceModel;
import org.gsaexplorer.model.bench.SequenceModel;
import org.gsaexplorer.model.bench.SequenceSession;

import java.util.ArrayList;
import java.util.List;

/**
 * GSA on the cuda backend seen as the bench's {@link SequenceModel}: prefill without logits or probes, and greedy
 * decode replaying the captured step graph with layer 0's probes on (the explorer's case: one layer watched), the
 * same device-side loops the GPU baselines are timed with.
 */
final class BaselineGsaCuda implements SequenceModel {
    private final CudaModel model;
    private final List<CudaSession> sessions = new ArrayList<>();

    BaselineGsaCuda(CudaModel model) {
        this.model = model;
    }

    @Override public String arch() { return "gsa"; }
    @Override public String engine() { return "cuda"; }
    @Override public int vocabSize() { return model.config().vocabSize(); }
    @Override public long parameterCount() { return model.weights.totalBytes() / model.dtype().bytes + 4L * model.config().hiddenSize() * model.config().numLayers(); }
    @Override public long weightBytesPerToken() { return model.weights.matrixBytesPerToken + (long) model.config().hiddenSize() * model.dtype().bytes; }
    @Override public long stateBytes(int context) { return GsaSequenceModel.stateBytes(model.config()); }
    @Override public long freeBytes() { return model.dev.driver.memInfo()[0]; }

    @Override
    public SequenceSession newSession() {
        CudaSession s = model.newSession();
        sessions.add(s);
        return new Session(s);
    }

    @Override
    public void close() {
        for (CudaSession s : sessions) s.close();
        sessions.clear();
        model.close();
    }

    private static final int[] WATCHED = {0};

    /** The generic GSA bench session, with prefill and greedy decode as the device-side loops. */
    private static final class Session extends GsaSequenceModel.Session {
        private final CudaSession s;

        Session(CudaSession s) {
            super(s);
            this.s = s;
        }

        @Override public void advance(int[] ids) { s.prefillLastOnly(ids); }
        @Override public void generate(int first, int n) { s.greedyLoop(first, n, WATCHED); }
    }
}
