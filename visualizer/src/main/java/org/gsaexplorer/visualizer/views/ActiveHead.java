package org.gsaexplorer.visualizer.views;

import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.visualizer.derive.SlotMath;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.ProbeAccess;
import org.gsaexplorer.visualizer.session.ProbeField;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.Tokens;

import java.util.concurrent.CompletableFuture;

/**
 * The head the explorer opens on: the one that writes most into its slots over the tokens held, its write mass
 * Σ_m s_t[m] (s = 1 − α for the trained model) averaged over the tokens; ties go to the head that reads most
 * selectively (lower mean readout entropy). The default view, occupancy, draws exactly these writes, so this head gives
 * the fullest picture. A high readout entropy is no sign of activity: on the recall sample the highest (L0 head 1,
 * 4.13 nats of ln 64 = 4.16) belongs to a head that writes almost nothing (0.22 per token), while the most-writing
 * head (L1 head 1, 25.0 per token) is also the most selective reader (2.59 nats), the one recall runs through.
 * The slot opened is the head's most-written one.
 *
 * @param writeMass mean Σ_m s over the tokens held (NaN when no token is held)
 * @param entropy   mean readout entropy in nats over the tokens
 */
public record ActiveHead(int layer, int head, int slot, double writeMass, double entropy) {

    public static ActiveHead of(ExplorerSnapshot s) {
        GsaConfig c = s.model().config();
        ProbeAccess p = s.main().probes();
        Tokens k = s.main().tokens();
        int n = k.count(), m = c.numSlots();
        ActiveHead best = null;
        float[] row = new float[m];
        for (int l = 0; l < c.numLayers(); l++)
            for (int h = 0; h < c.numHeads(); h++) {
                int kv = SlotMath.kvHeadOf(h, c.groups());
                double mass = 0, entropy = 0;
                double[] perSlot = new double[m];
                int held = 0;
                for (int t = 0; t < n; t++) {
                    entropy += k.readoutEntropy(t, l, h);
                    if (!p.row(ProbeField.WRITE, l, t, kv, row)) continue;
                    held++;
                    for (int i = 0; i < m; i++) {
                        mass += row[i];
                        perSlot[i] += row[i];
                    }
                }
                int slot = 0;
                for (int i = 1; i < m; i++) if (perSlot[i] > perSlot[slot]) slot = i;
                ActiveHead a = new ActiveHead(l, h, slot, held == 0 ? Double.NaN : mass / held, n == 0 ? Double.NaN : entropy / n);
                if (best == null || a.moreActiveThan(best)) best = a;
            }
        return best;
    }

    private boolean moreActiveThan(ActiveHead o) {
        if (Double.isNaN(o.writeMass)) return !Double.isNaN(writeMass) || entropy < o.entropy;
        if (writeMass != o.writeMass) return writeMass > o.writeMass;
        return entropy < o.entropy;
    }

    /** Selects the most active head of {@code vm}'s model once the commands before have run (nothing without a model). */
    public static CompletableFuture<Void> focus(ExplorerViewModel vm) {
        return vm.idle().thenCompose(v -> {
            ExplorerSnapshot s = vm.snapshot();
            return s.model() == null || s.computed() == 0 ? CompletableFuture.completedFuture(null) : vm.select(of(s).selection(s.selection()));
        });
    }

    /** {@code current} moved to this head and slot, its window kept. */
    public Selection selection(Selection current) {
        return new Selection(layer, head, slot, current.window());
    }
}
