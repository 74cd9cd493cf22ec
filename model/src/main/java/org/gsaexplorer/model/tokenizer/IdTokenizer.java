package org.gsaexplorer.model.tokenizer;

import org.gsaexplorer.model.error.GsaException;

/** For checkpoints without tokenizer.json: a prompt is a list of token ids separated by spaces or commas. */
public final class IdTokenizer implements GsaTokenizer {
    private final int vocabSize;

    public IdTokenizer(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    @Override
    public int[] encode(String text) {
        String t = text.trim();
        if (t.isEmpty()) return new int[0];
        String[] parts = t.split("[\\s,]+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new GsaException("unknown token '" + parts[i] + "': this checkpoint has no tokenizer.json, so the prompt must be token ids (e.g. 12 40 7)");
            }
        }
        return GsaTokenizer.checkIds(ids, vocabSize);
    }

    @Override
    public String token(int id) {
        return Integer.toString(id);
    }

    @Override
    public String decode(int[] ids) {
        return java.util.Arrays.stream(ids).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(" "));
    }

    @Override
    public boolean isText() {
        return false;
    }
}
