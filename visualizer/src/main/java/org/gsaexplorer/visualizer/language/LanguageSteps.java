package org.gsaexplorer.visualizer.language;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.config.GsaConfig;
import org.gsaexplorer.model.tokenizer.ByteTokenizer;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.tour.TourStep;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The language tour's pages: each sentence quotes a number of the {@link LanguageFindings} or of the ablation runs on
 * the text shown, "…" while it is being computed, and each page sends the views where that number can be seen.
 */
final class LanguageSteps {
    private static final ByteTokenizer BYTES = new ByteTokenizer();

    private LanguageSteps() {
    }

    /**
     * @param f       the findings, or null while the text is being read
     * @param c       the model's config, or null while there is none
     * @param ablated bits per byte under each of {@link LanguageTourViewModel#ABLATIONS} measured so far
     */
    static List<TourStep> of(LanguageFindings f, String text, GsaConfig c, Map<String, Double> ablated) {
        List<TourStep> steps = new ArrayList<>();
        int n = f == null ? 0 : f.bytes().length, groups = c == null ? 1 : c.groups();
        ViewTarget end = f == null ? null : new ViewTarget(f.bytes(), n, 0, 0, 0, ViewKind.OVERVIEW, Ablations.NONE, text);
        String base = f == null ? "…" : bits(f.bitsPerByte());

        String hardest = f == null ? "…" : String.format("%s at byte %d: the model spent %s bits on it", quoted(f.bytes()[f.hardest()]),
                f.hardest(), bits(f.bits(f.hardest())));
        steps.add(new TourStep("A byte-level language model",
                "This model reads one byte at a time (token = byte value; the strip shows a space as ␣ and a newline as ⏎) "
                        + "and predicts the next. On the " + (f == null ? "…" : n) + " bytes of this text it needs " + base
                        + " bits per byte, where a blind guess among the 256 byte values needs 8. The hardest byte is " + hardest + ".",
                end));

        LanguageFindings.HeadMemory slow = f == null ? null : f.longest(), fast = f == null ? null : f.shortest();
        steps.add(new TourStep("The slowest memory",
                "At every byte a slot keeps a fraction α of what it holds, so half of it is left after ln 0.5 / ln α bytes: "
                        + "its half-life. Over this text " + head(slow, groups) + " has the longest median half-life (over every byte and "
                        + "slot): " + life(slow) + " bytes. The gates view shows its α, byte by byte.",
                slow == null ? null : end.withView(ViewKind.GATES).withSelection(slow.layer(), slow.kvHead() * groups, 0)));
        steps.add(new TourStep("The fastest memory",
                head(fast, groups) + " has the shortest median half-life: " + life(fast) + " bytes, so half of what its slots hold "
                        + "is gone that soon. The " + (f == null ? "…" : f.heads().size()) + " heads' medians run from "
                        + life(fast) + " to " + life(slow) + " bytes.",
                fast == null ? null : end.withView(ViewKind.GATES).withSelection(fast.layer(), fast.kvHead() * groups, 0)));

        steps.add(bracketStep(f, end));
        steps.add(repeatStep(f, end));

        for (String a : LanguageTourViewModel.ABLATIONS) steps.add(ablationStep(a, f, c, ablated.get(a), base, end));
        steps.add(new TourStep("Your turn",
                "Ablations are off again. Edit the text above and press Measure: every number in these steps is computed "
                        + "again by running the model over your text. Try code of your own, a paragraph of prose, or a bracket "
                        + "left open." + (ablated.size() == LanguageTourViewModel.ABLATIONS.size()
                        ? " Everything here was measured just now on the " + n + " bytes shown." : ""),
                end));
        return List.copyOf(steps);
    }

    private static TourStep bracketStep(LanguageFindings f, ViewTarget end) {
        String title = "Closing a bracket";
        if (f == null) return new TourStep(title, "Which slots does a closing bracket read, and do they still hold its opening bracket? …", null);
        LanguageFindings.BracketRead b = f.bracket();
        if (b == null)
            return new TourStep(title, "The text has no matched (…), {…} or […] pair spanning " + LanguageFindings.MIN_BRACKET_SPAN
                    + " bytes or more: add one and measure again to see what the slots read at its closing byte.", null);
        int open = f.bytes()[b.pair().open()], close = f.bytes()[b.pair().close()];
        StringBuilder slots = new StringBuilder(), weights = new StringBuilder();
        for (int i = 0; i < b.slots().length; i++) {
            String sep = i == 0 ? "" : i == b.slots().length - 1 ? " and " : ", ";
            slots.append(sep).append(b.slots()[i]);
            weights.append(i == 0 ? "" : ", ").append(String.format("%.2f", b.readout()[i]));
        }
        return new TourStep(title,
                "At the " + quoted(close) + " at byte " + b.pair().close() + ", which closes the " + quoted(open) + " at byte "
                        + b.pair().open() + ", layer " + b.layer() + ", head " + b.head() + " reads slots " + slots + " most (p = " + weights
                        + "). Of what those slots hold, " + pct(b.openingShare()) + " was written at the " + quoted(open)
                        + "; an even spread over the " + (b.pair().close() + 1) + " bytes so far would give " + pct(b.evenShare())
                        + ". Of the pairs spanning " + LanguageFindings.MIN_BRACKET_SPAN + " bytes or more, this is the one whose "
                        + "opening the slots keep most; the provenance view shows slot " + b.slots()[0] + "'s content by byte.",
                end.at(b.pair().close() + 1).withView(ViewKind.PROVENANCE).withSelection(b.layer(), b.head(), b.slots()[0]));
    }

    private static TourStep repeatStep(LanguageFindings f, ViewTarget end) {
        String title = "A name comes back";
        if (f == null) return new TourStep(title, "When a name appears a second time, does the readout look back at the first? …", null);
        LanguageFindings.RepeatRead r = f.repeat();
        if (r == null)
            return new TourStep(title, "No name of " + LanguageFindings.MIN_NAME + " letters or more appears twice in the text: "
                    + "repeat one and measure again to see where the readout looks when it comes back.", null);
        String name = "'" + r.repeat().name() + "'";
        return new TourStep(title,
                name + " first appears at byte " + r.repeat().first() + " and comes back at byte " + r.repeat().second() + ". At the "
                        + quoted(f.bytes()[r.repeat().second()]) + " that starts it again, layer " + r.layer() + ", head " + r.head()
                        + " puts " + pct(r.mass()) + " of its implicit attention (the weight its readout gives each earlier byte "
                        + "through the slots) on the " + r.repeat().length() + " bytes of the first " + name + ", which are "
                        + pct(r.evenMass()) + " of the bytes so far. The rest of the name cost " + bits(r.firstBits())
                        + " bits per byte the first time and " + bits(r.secondBits()) + " the second.",
                end.at(r.repeat().second() + 1).withView(ViewKind.ATTENTION).withSelection(r.layer(), r.head(), 0));
    }

    private static TourStep ablationStep(String ablation, LanguageFindings f, GsaConfig c, Double ablated, String base, ViewTarget end) {
        Ablations a = Ablations.parseAll(List.of(ablation));
        String effect = ablated == null || f == null ? "…" : "from " + base + " to " + bits(ablated) + " on this text: "
                + String.format("%+.2f", ablated - f.bitsPerByte()) + " bits on each of the " + (f.bytes().length - 1)
                + " predicted bytes, on average";
        String slots = c == null ? "…" : Integer.toString(c.numSlots());
        String what = a.noForget()
                ? "Set α = 1 but keep each byte's write weight: nothing is ever erased, so each slot becomes a running sum of "
                + "the whole text. Bits per byte go " + effect + "."
                : "Keep only the first " + a.slotBudget() + " of the " + slots + " slots of every head; the others are never "
                + "written or read. Bits per byte go " + effect + ".";
        return new TourStep("Ablation: " + (a.noForget() ? "no forgetting" : a.slotBudget() + " slots"), what,
                end == null ? null : end.withView(a.noForget() ? ViewKind.CHARTS : ViewKind.OCCUPANCY).withAblations(a));
    }

    private static String head(LanguageFindings.HeadMemory h, int groups) {
        return h == null ? "layer …, head …" : "layer " + h.layer() + ", head " + h.kvHead() * groups;
    }

    private static String life(LanguageFindings.HeadMemory h) {
        return h == null ? "…" : String.format("%.1f", h.medianHalfLife());
    }

    private static String bits(double b) {
        return String.format("%.2f", b);
    }

    private static String pct(double x) {
        return String.format("%.1f %%", 100 * x);
    }

    /** A byte as the token strip labels it, quoted. */
    private static String quoted(int b) {
        return "'" + BYTES.token(b) + "'";
    }
}
