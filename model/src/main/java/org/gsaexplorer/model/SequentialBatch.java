package org.gsaexplorer.model;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch as one {@link GsaSession} per sequence, run one after the other: any backend's batch. A patched restore
 * builds each sequence's state on the host ({@link StateRegion#replace}).
 */
public final class SequentialBatch implements BatchedSession {
    private final List<GsaSession> sessions = new ArrayList<>();
    private int position;

    public SequentialBatch(LoadedModel model, int size) {
        BatchRows.checkSize(size);
        try {
            for (int b = 0; b < size; b++) sessions.add(model.newSession());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private GsaSession first() {
        return sessions.getFirst();
    }

    @Override public GsaConfig config() { return first().config(); }
    @Override public String backendName() { return first().backendName(); }
    @Override public int size() { return sessions.size(); }
    @Override public Ablations ablations() { return first().ablations(); }
    @Override public int position() { return position; }

    @Override
    public void setAblations(Ablations ablations) {
        for (GsaSession s : sessions) s.setAblations(ablations);
    }

    @Override
    public List<ForwardResult> prefill(int[][] ids, ProbeSpec probes) {
        int t = BatchRows.length(ids, size());
        checkPositions();
        List<ForwardResult> out = new ArrayList<>();
        for (int b = 0; b < size(); b++) out.add(sessions.get(b).prefill(ids[b], probes));
        position += t;
        return out;
    }

    @Override
    public List<ForwardResult> step(int[] ids, ProbeSpec probes) {
        BatchRows.length(BatchRows.column(ids), size());
        checkPositions();
        List<ForwardResult> out = new ArrayList<>();
        for (int b = 0; b < size(); b++) out.add(sessions.get(b).step(ids[b], probes));
        position++;
        return out;
    }

    private void checkPositions() {
        BatchRows.checkPositions(sessions.stream().mapToInt(GsaSession::position).toArray());
    }

    @Override
    public RecurrentState saveState(int b) {
        return sessions.get(b).saveState();
    }

    @Override
    public void restoreState(int b, RecurrentState state) {
        sessions.get(b).restoreState(state);
        position = state.position();
    }

    @Override
    public void restorePatched(RecurrentState base, RecurrentState donor, List<StateRegion> regions) {
        BatchRows.checkPatch(base, donor, regions, size(), config());
        for (int b = 0; b < size(); b++) sessions.get(b).restoreState(regions.get(b).replace(base, donor, config()));
        position = base.position();
    }

    @Override
    public void reset() {
        for (GsaSession s : sessions) s.reset();
        position = 0;
    }

    @Override
    public void close() {
        for (GsaSession s : sessions) s.close();
    }
}
