package org.gsaexplorer.model.report;

import org.gsaexplorer.model.eval.TextCorpus.Document;
import org.gsaexplorer.model.tokenizer.GsaTokenizer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A finished checkpoint health report, as its JSON and HTML writers need it.
 *
 * @param windowTexts the corpus windows findings point to, by window index
 */
public record Report(String model, String backend, String data, int window, double seconds, Thresholds thresholds,
                     SlotStatistics stats, List<Finding> findings, Map<Integer, WindowText> windowTexts) {

    /**
     * A window's text, where it comes from, and a command that opens the explorer on it.
     *
     * @param start the window's first token within its document
     */
    public record WindowText(int index, String source, int start, int tokens, String text, String command) {
    }

    /** The text of every window a finding points to; {@code command} makes the explorer command for a prompt. */
    public static Map<Integer, WindowText> windowTexts(List<Finding> findings, List<CorpusWindow> windows, List<Document> docs,
                                                       GsaTokenizer tok, Function<String, String> command) {
        return windowTexts(findings.stream().map(Finding::window).toList(), windows, docs, tok, command);
    }

    /** The text of each window in {@code indices} (−1, none, is skipped). */
    public static Map<Integer, WindowText> windowTexts(Collection<Integer> indices, List<CorpusWindow> windows, List<Document> docs,
                                                       GsaTokenizer tok, Function<String, String> command) {
        Map<Integer, WindowText> out = new TreeMap<>();
        for (int i : indices) {
            if (i < 0 || out.containsKey(i)) continue;
            CorpusWindow w = windows.get(i);
            String text = tok.decode(w.ids(docs));
            out.put(w.index(), new WindowText(w.index(), docs.get(w.doc()).name(), w.start(), w.length(), text, command.apply(text)));
        }
        return out;
    }

    /**
     * The same statistics judged by other thresholds: the findings detected anew, with the texts of their windows
     * taken from {@code texts} (which must hold every window they point to, as {@link SlotStatistics#extremeWindows}).
     */
    public Report judgedBy(Thresholds th, Map<Integer, WindowText> texts) {
        List<Finding> f = Findings.detect(stats, th);
        Map<Integer, WindowText> shown = new TreeMap<>();
        for (Finding x : f) {
            if (x.window() < 0) continue;
            WindowText w = texts.get(x.window());
            if (w == null) throw new IllegalArgumentException("window " + x.window() + " of " + x.kind().id + " was not kept");
            shown.put(x.window(), w);
        }
        return new Report(model, backend, data, window, seconds, th, stats, f, shown);
    }
}
