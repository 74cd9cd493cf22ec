package org.gsaexplorer.model.report;

import org.gsaexplorer.model.eval.TextCorpus.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * One window of the corpus: it runs tokens [start, start + length) of document {@code doc} from the empty state and
 * predicts tokens [start + 1, start + length + 1). A document of n tokens is cut like {@code eval} cuts a file, windows
 * of {@code T} tokens, except that its tail becomes one shorter window instead of being dropped, so short documents
 * (JSONL records) count too: every token but the last of each document is run and predicted from.
 */
public record CorpusWindow(int index, int doc, int start, int length) {

    public static List<CorpusWindow> cut(List<Document> docs, int window) {
        if (window < 1) throw new IllegalArgumentException("window " + window);
        List<CorpusWindow> out = new ArrayList<>();
        for (int d = 0; d < docs.size(); d++) {
            int run = docs.get(d).tokens().length - 1;
            for (int start = 0; start < run; start += window)
                out.add(new CorpusWindow(out.size(), d, start, Math.min(window, run - start)));
        }
        return out;
    }

    /** The tokens this window runs. */
    public int[] ids(List<Document> docs) {
        int[] ids = new int[length];
        System.arraycopy(docs.get(doc).tokens(), start, ids, 0, length);
        return ids;
    }
}
