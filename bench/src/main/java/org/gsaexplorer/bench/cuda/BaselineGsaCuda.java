package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.bench.sequence.GsaSequenceModel;
import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.backend.cuda.BenchHooks;
import org.gsaexplorer.model.backend.cuda.CudaModel;
import org.gsaexplorer.model.backend.cuda.CudaSession;

import java.util.ArrayList;
import java.util.List;

/**
 * GSA on the cuda backend seen as the bench's {@link SequenceModel}: prefill without logits or probes, and greedy
 * decode replaying the captured step graph with layer 0's probes on (the explorer's case: one layer watched), the
 * same device-side loops the GPU baselines are timed with.
 */
final class BaselineGsaCuda implements SequenceModel {
    private final CudaModel model;
    private final List<Session> sessions = new ArrayList<>();

    BaselineGsaCuda(CudaModel model) {
        this.model = model;
    }

    @Override public String arch() { return "gsa"; }
    @Override public String engine() { return "cuda"; }
    @Override public int vocabSize() { return model.config().vocabSize(); }
    @Override public long parameterCount() { return model.weightBytes() / model.dtype().bytes + 4L * model.config().hiddenSize() * model.config().numLayers(); }
    @Override public long matmulParametersPerToken() { return model.matrixBytesPerToken() / model.dtype().bytes; }
    @Override public long weightBytesPerToken() { return model.matrixBytesPerToken() + (long) model.config().hiddenSize() * model.dtype().bytes; }
    @Override public long stateBytes(int context) { return GsaSequenceModel.stateBytes(model.config()); }
    @Override public long freeBytes() { return model.device().driver.memInfo()[0]; }

    @Override
    public SequenceSession newSession() {
        Session s = new Session(model.newSession());
        sessions.add(s);
        return s;
    }

    @Override
    public void close() {
        for (Session s : List.copyOf(sessions)) s.close();
        model.close();
    }

    private static final int[] WATCHED = {0};

    /** The generic GSA bench session, with prefill and greedy decode as the device-side loops. */
    private final class Session extends GsaSequenceModel.Session {
        private final BenchHooks hooks;

        Session(CudaSession s) {
            super(s);
            this.hooks = new BenchHooks(s);
        }

        @Override public void advance(int[] ids) { hooks.advance(ids); }
        @Override public void generate(int first, int n) { hooks.generate(first, n, WATCHED); }

        /** The device loop records the watched layers' probes whatever is asked, so no probe cost is measured here. */
        @Override public int probeAllLayers(boolean on) { return 0; }

        @Override
        public void close() {
            if (sessions.remove(this)) super.close();
        }
    }
}
