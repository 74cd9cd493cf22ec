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

import java.nio.file.Path;

/**
 * The loaded model as the side panels see it ({@link ExplorerViewModel#loadedModel}), with the folder it came from. Their sessions are counted, so
 * that when the explorer lets the model go (another checkpoint, another backend, the window closing) its resources
 * are freed after the last of those sessions ends rather than under a computation still running on it, which on
 * {@code cuda} would free GPU memory in use. A session asked for after that fails with one line, which the panels
 * treat as a dropped run. The explorer owns the model: {@link #close} does nothing, {@link #retire} frees it.
 */
final class SharedModel implements LoadedModel {
    private final LoadedModel model;
    private final Path checkpoint;
    private final boolean byteLevel;
    // guarded by this: panel sessions still open, and what frees the model once it is retired (null until then)
    private int open;
    private Runnable free;

    /**
     * @param checkpoint the folder {@code model} was loaded from
     * @param byteLevel  its tokenizer reads bytes
     */
    SharedModel(LoadedModel model, Path checkpoint, boolean byteLevel) {
        this.model = model;
        this.checkpoint = checkpoint;
        this.byteLevel = byteLevel;
    }

    Path checkpoint() {
        return checkpoint;
    }

    boolean byteLevel() {
        return byteLevel;
    }

    @Override
    public GsaConfig config() {
        return model.config();
    }

    @Override
    public Backend backend() {
        return model.backend();
    }

    @Override
    public synchronized GsaSession newSession() {
        if (free != null) throw new GsaException("the model was replaced while this was running");
        GsaSession s = model.newSession();
        open++;
        return new Counted(s);
    }

    /** The explorer lets the model go: runs {@code free} now, or when the last panel session on it closes. */
    synchronized void retire(Runnable free) {
        if (this.free != null) return;
        this.free = free;
        if (open == 0) free.run();
    }

    private synchronized void sessionClosed() {
        if (--open == 0 && free != null) free.run();
    }

    @Override
    public void close() {
        // the explorer frees the model through retire(), after the panels' sessions
    }

    /** A panel's session: closing it may free a retired model. */
    private final class Counted implements GsaSession {
        private final GsaSession s;
        private boolean closed;

        Counted(GsaSession s) {
            this.s = s;
        }

        @Override public GsaConfig config() { return s.config(); }
        @Override public String backendName() { return s.backendName(); }
        @Override public Ablations ablations() { return s.ablations(); }
        @Override public void setAblations(Ablations ablations) { s.setAblations(ablations); }
        @Override public ForwardResult prefill(int[] ids, ProbeSpec probes) { return s.prefill(ids, probes); }
        @Override public ForwardResult step(int id, ProbeSpec probes) { return s.step(id, probes); }
        @Override public int position() { return s.position(); }
        @Override public RecurrentState saveState() { return s.saveState(); }
        @Override public void restoreState(RecurrentState state) { s.restoreState(state); }
        @Override public void reset() { s.reset(); }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            try {
                s.close();
            } finally {
                sessionClosed();
            }
        }
    }
}
