package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.RecurrentState;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;

/**
 * A stand-in for a GPU backend that breaks: it computes with {@code inner} until its {@code failOnStep}-th
 * {@link GsaSession#step} (counted over all its sessions), or at {@link #load} when {@code failOnStep} is 0, and throws
 * {@link #MESSAGE} from then on, as a CUDA context does after a failed launch. {@link #runningOutOfMemory} makes one
 * that throws an OutOfMemoryError on that step only, as a native allocation over JavaCPP's cap does.
 */
final class FailingGpuBackend implements Backend {
    static final String NAME = "gpu-sim";
    static final String MESSAGE = "CUDA: cuLaunchKernel failed with CUDA_ERROR_LAUNCH_FAILED (injected fault): a kernel failed "
            + "on the GPU; the CUDA context is unusable until the program restarts";

    private final String name;
    private final Backend inner;
    private final int failOnStep;
    private final OutOfMemoryError once;
    private int steps;
    private boolean broken;

    FailingGpuBackend(Backend inner, int failOnStep) {
        this(NAME, inner, failOnStep);
    }

    /** Under another backend's name, to check how failures there are treated. */
    FailingGpuBackend(String name, Backend inner, int failOnStep) {
        this(name, inner, failOnStep, null);
    }

    private FailingGpuBackend(String name, Backend inner, int failOnStep, OutOfMemoryError once) {
        this.name = name;
        this.inner = inner;
        this.failOnStep = failOnStep;
        this.once = once;
    }

    /** Under {@code inner}'s own name: step {@code onStep} throws {@code error}, every other step computes. */
    static FailingGpuBackend runningOutOfMemory(Backend inner, int onStep, OutOfMemoryError error) {
        return new FailingGpuBackend(inner.name(), inner, onStep, error);
    }

    boolean broken() {
        return broken;
    }

    private void check() {
        if (broken) throw new GsaException(MESSAGE);
    }

    private void countStep() {
        check();
        if (++steps == failOnStep && once != null) throw once;
        if (steps == failOnStep) {
            broken = true;
            check();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String device() {
        return "simulated GPU over " + inner.name();
    }

    @Override
    public LoadedModel load(Checkpoint checkpoint) {
        if (failOnStep == 0) broken = true;
        check();
        LoadedModel m = inner.load(checkpoint);
        Backend self = this;
        return new LoadedModel() {
            @Override public GsaConfig config() { return m.config(); }
            @Override public Backend backend() { return self; }
            @Override public GsaSession newSession() {
                check();
                return new Session(m.newSession());
            }
            @Override public void close() { m.close(); }
        };
    }

    @Override
    public void close() {
        inner.close();
    }

    private final class Session implements GsaSession {
        private final GsaSession s;

        Session(GsaSession s) {
            this.s = s;
        }

        @Override public GsaConfig config() { return s.config(); }
        @Override public String backendName() { return name; }
        @Override public Ablations ablations() { return s.ablations(); }
        @Override public void setAblations(Ablations a) { check(); s.setAblations(a); }
        @Override public ForwardResult prefill(int[] ids, ProbeSpec p) { check(); return s.prefill(ids, p); }
        @Override public ForwardResult step(int id, ProbeSpec p) { countStep(); return s.step(id, p); }
        @Override public int position() { return s.position(); }
        @Override public RecurrentState saveState() { check(); return s.saveState(); }
        @Override public void restoreState(RecurrentState st) { check(); s.restoreState(st); }
        @Override public void reset() { check(); s.reset(); }
        @Override public void close() { s.close(); }
    }
}
