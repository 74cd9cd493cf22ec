package org.gsaexplorer.bench.cuda;

import org.gsaexplorer.bench.sequence.SequenceModel;
import org.gsaexplorer.bench.sequence.SequenceSession;
import org.gsaexplorer.model.backend.cuda.runtime.CudaDevice;
import org.gsaexplorer.model.weights.DType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What the GPU baselines' models share: the device, the weights (laid out by {@link #specs}) and the open sessions,
 * which {@link #close} closes before freeing the weights they read.
 */
abstract class BaselineCudaModel<S extends BaselineSession> implements SequenceModel {
    final CudaDevice dev;
    final BaselineWeights w;
    protected final List<S> sessions = new ArrayList<>();

    BaselineCudaModel(CudaDevice dev, List<BaselineWeights.Spec> specs, DType dtype, long seed, Map<String, float[]> host) {
        this.dev = dev;
        dev.makeCurrent();
        this.w = new BaselineWeights(dev, specs, dtype, seed, host);
    }

    /**
     * The weights of a pre-norm decoder: embeddings, per layer the attention norm, the mixer's own tensors (added by
     * {@code mixer} for layer l), its output projection [d, oIn] and the SwiGLU MLP, then the final norm and LM head.
     * The order fixes which seeded values each tensor gets.
     */
    static List<BaselineWeights.Spec> specs(int vocab, long d, int layers, long inter, long oIn,
                                            BiConsumer<Integer, List<BaselineWeights.Spec>> mixer) {
        List<BaselineWeights.Spec> s = new ArrayList<>();
        s.add(new BaselineWeights.Spec("embeddings", vocab * d, true, false));
        for (int l = 0; l < layers; l++) {
            s.add(new BaselineWeights.Spec(l + ".attn_norm", d, false, true));
            mixer.accept(l, s);
            s.add(new BaselineWeights.Spec(l + ".o", d * oIn, true, false));
            s.add(new BaselineWeights.Spec(l + ".mlp_norm", d, false, true));
            s.add(new BaselineWeights.Spec(l + ".gate_up", 2L * inter * d, true, false));
            s.add(new BaselineWeights.Spec(l + ".down", d * inter, true, false));
        }
        s.add(new BaselineWeights.Spec("final_norm", d, false, true));
        s.add(new BaselineWeights.Spec("lm_head", vocab * d, true, false));
        return s;
    }

    /** Forgets {@code s}, which is closing. Returns false when it had already closed. */
    boolean closed(BaselineSession s) {
        return sessions.remove(s);
    }

    /** A new session on this model's weights. */
    protected abstract S open();

    @Override
    public String engine() {
        return "cuda";
    }

    @Override
    public SequenceSession newSession() {
        S s = open();
        sessions.add(s);
        return s;
    }

    @Override
    public void close() {
        dev.makeCurrent();
        for (S s : List.copyOf(sessions)) s.close();
        w.close();
    }
}
