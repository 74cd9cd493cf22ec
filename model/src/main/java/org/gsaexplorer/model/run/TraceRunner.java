package org.gsaexplorer.model.run;

import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.probe.ForwardResult;
import org.gsaexplorer.model.probe.ProbeSpec;

import java.util.ArrayList;
import java.util.List;

/** Runs a whole prompt from the zero state in one of the two modes. */
public final class TraceRunner {
    private TraceRunner() {
    }

    public static ForwardResult run(LoadedModel model, int[] ids, boolean stepwise, Ablations ablations, ProbeSpec probes) {
        try (GsaSession s = model.newSession()) {
            s.setAblations(ablations);
            if (!stepwise) return s.prefill(ids, probes);
            List<ForwardResult> parts = new ArrayList<>(ids.length);
            for (int id : ids) parts.add(s.step(id, probes));
            return ForwardResult.concat(parts);
        }
    }
}
