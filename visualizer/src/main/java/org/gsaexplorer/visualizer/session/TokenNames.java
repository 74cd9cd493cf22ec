package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.tokenizer.GsaTokenizer;

import java.util.function.IntFunction;

/**
 * A model's token spellings for snapshots, which outlive its tokenizer: the FX thread may still draw the previous
 * model's snapshot after the engine has switched models and closed that tokenizer (a native one), which failed with
 * "Native resource has been released" (found by the UI monkey test) and could decode in freed memory. Once retired,
 * ids are spelled as numbers until the next snapshot replaces the old one.
 */
final class TokenNames implements IntFunction<String> {
    private final GsaTokenizer tokenizer;
    private boolean retired;

    TokenNames(GsaTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public synchronized String apply(int id) {
        return retired ? String.valueOf(id) : tokenizer.token(id);
    }

    /** No spelling is read from the tokenizer after this returns, so it may be closed. */
    synchronized void retire() {
        retired = true;
    }
}
