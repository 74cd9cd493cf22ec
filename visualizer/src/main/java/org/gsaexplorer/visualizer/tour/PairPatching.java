package org.gsaexplorer.visualizer.tour;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.patch.ActivationPatching;
import org.gsaexplorer.model.patch.PatchGrain;
import org.gsaexplorer.model.patch.PatchResult;
import org.gsaexplorer.model.recall.MqarGenerator;
import org.gsaexplorer.model.recall.MqarSequence;
import org.gsaexplorer.model.recall.QueryOutcome;
import org.gsaexplorer.model.recall.RecallExplanation;

import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The recall tour's patching experiment on the demo sequence: the value of the pair a query asks for is replaced by a
 * value that appears nowhere before the query, so the model's answer changes; then the clean run's slots are copied
 * into the corrupted run one at a time right after the pair is stored, the run goes on to the query, and the slots
 * whose copy brings the answer back are the ones that carry the pair ({@link ActivationPatching}, slot grain, every
 * layer). Patched there, the slots' effects add up to about the whole state's (on the recall sample); patched at the
 * query itself, every slot's share is tiny, the pair having gone into many of them.
 *
 * @param query       the query (first occurrence of its key among the queries)
 * @param pairAt      where the pair's key stands; its value follows
 * @param replacement the value written there instead
 * @param top         the slots with the largest effects, largest first: {layer, kv head, slot}
 */
record PairPatching(QueryOutcome query, int pairAt, int replacement, PatchResult result, List<int[]> top) {
    static final int TOP = 3;

    static PairPatching compute(LoadedModel m, RecallExplanation ex, int demoQuery, int workers, IntConsumer progress) {
        MqarSequence seq = ex.sequence();
        QueryOutcome q = ex.queries().get(firstAsking(ex, demoQuery)).outcome();
        int pairAt = seq.pairPosition(q.key());
        int[] clean = Arrays.copyOf(seq.ids(), q.position() + 1), corrupt = clean.clone();
        int replacement = unused(clean);
        corrupt[pairAt + 1] = replacement;
        int[] layers = IntStream.range(0, m.config().numLayers()).toArray();
        PatchResult r = ActivationPatching.run(m, new ActivationPatching.Spec(clean, corrupt, pairAt + 2, PatchGrain.SLOT, layers,
                q.expected(), replacement), workers, progress);
        return new PairPatching(q, pairAt, replacement, r, top(r, TOP));
    }

    /**
     * The demo query when it is the first to ask for its key (no earlier query restates the pair), else the first
     * correct query among the first round, in which every key is asked once.
     */
    private static int firstAsking(RecallExplanation ex, int demoQuery) {
        int pairs = ex.sequence().pairs();
        if (demoQuery < pairs) return demoQuery;
        for (int j = 0; j < Math.min(pairs, ex.queries().size()); j++) if (ex.queries().get(j).outcome().correct()) return j;
        return 0;
    }

    /** The smallest value id that does not occur in {@code ids}. */
    private static int unused(int[] ids) {
        for (int v = MqarGenerator.VALUE_BASE; v < MqarGenerator.VALUE_BASE + MqarGenerator.VALUES; v++) {
            int id = v;
            if (Arrays.stream(ids).noneMatch(x -> x == id)) return v;
        }
        throw new IllegalStateException("every value occurs in the prompt");
    }

    /** The n components with the largest effects, largest first, as {layer, kv head, slot}. */
    static List<int[]> top(PatchResult r, int n) {
        int per = r.heads() * r.slots();
        List<int[]> out = new ArrayList<>();
        IntStream.range(0, r.effects().length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> r.effects()[i]).reversed()).limit(n)
                .forEach(i -> out.add(new int[]{r.layers()[i / per], i % per / r.slots(), i % r.slots()}));
        return out;
    }

    double effect(int[] slot) {
        return result.effects()[(slot[0] * result.heads() + slot[1]) * result.slots() + slot[2]];
    }

    /** The sum of every slot's effect. */
    double total() {
        return Arrays.stream(result.effects()).sum();
    }

    /** How many of the largest effects it takes to add up to half of the clean answer, or −1 when they never do. */
    int slotsToHalf() {
        double[] e = result.effects().clone();
        Arrays.sort(e);
        double sum = 0;
        for (int k = 1; k <= e.length; k++) {
            sum += e[e.length - k];
            if (sum >= 0.5) return k;
        }
        return -1;
    }

    /**
     * The tour step: what was corrupted, how far the answer fell, and the slots that bring it back; until the sweep is
     * done ({@code p} null) it says it is computing. {@code at} is the demo's query target; the step selects the slot
     * with the largest effect there, in the provenance view.
     */
    static TourStep step(PairPatching p, ViewTarget at, IntFunction<String> tokenText, int groups) {
        String title = "Patching: which slots carry a pair";
        String method = "Corrupt one stored pair by replacing its value with one the prompt never stores, so the answer at its query "
                + "changes. Then copy the clean run's slots into the corrupted run one at a time, right after the pair is stored, and "
                + "let it run on to the query: a slot whose copy brings the clean answer back carries the pair. ";
        if (p == null) return new TourStep(title, method + "Patching the demo sequence slot by slot… (computing)", null);
        QueryOutcome q = p.query();
        PatchResult r = p.result();
        String pair = tokenText.apply(q.key()) + " " + tokenText.apply(q.expected());
        String slots = p.top().stream().map(s -> String.format("slot %d of layer %d, head %d (%.2f)", s[2], s[0], s[1] * groups, p.effect(s)))
                .collect(Collectors.joining(", "));
        int[] best = p.top().getFirst();
        int half = p.slotsToHalf();
        String text = method + String.format("Here the pair %s at token %d became %s %s: at query %d (token %d) logit(%s) − logit(%s) "
                        + "falls from %.2f to %.2f. Patched back one at a time at token %d, the slots restoring most of that difference "
                        + "are %s. The effects of all %d slots add up to %.2f, and %s. The provenance view "
                        + "shows what the first one holds at the query.",
                pair, p.pairAt(), tokenText.apply(q.key()), tokenText.apply(p.replacement()), q.index() + 1, q.position(),
                tokenText.apply(q.expected()), tokenText.apply(p.replacement()), r.clean(), r.corrupt(), r.at(), slots, r.effects().length,
                p.total(), half < 0 ? "even all of them together do not restore half"
                        : half == 1 ? "the first restores half or more on its own" : "no one slot holds the pair: it takes the largest " + half + " to restore half");
        return new TourStep(title, text, at == null ? null : at.withView(ViewKind.PROVENANCE).withSelection(best[0], best[1] * groups, best[2]));
    }
}
