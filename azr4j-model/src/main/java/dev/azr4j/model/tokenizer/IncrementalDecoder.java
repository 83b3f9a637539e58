package dev.azr4j.model.tokenizer;

import java.util.Arrays;

/**
 * Decodes a stream of token ids into text as it is generated, for printing and stop-string checks.
 * A token can end in the middle of a multi-byte UTF-8 character; those trailing bytes are held back
 * until the character is complete, so the concatenation of everything {@link #add} and
 * {@link #finish} return equals {@link Tokenizer#decode} of all the ids. Not thread-safe: one per sequence.
 */
public final class IncrementalDecoder {
    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private byte[] pending = new byte[8];
    private int pendingLen;
    private final StringBuilder text = new StringBuilder();

    IncrementalDecoder(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Adds one token; returns the text it completes (possibly empty). */
    public String add(int id) {
        if (skipSpecialTokens && tokenizer.isSpecial(id)) return "";
        byte[] b = tokenizer.tokenBytes(id);
        if (pendingLen + b.length > pending.length) pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLen + b.length));
        System.arraycopy(b, 0, pending, pendingLen, b.length);
        pendingLen += b.length;
        int start = text.length();
        int done = Utf8.decodeInto(pending, 0, pendingLen, text);
        System.arraycopy(pending, done, pending, 0, pendingLen - done);
        pendingLen -= done;
        String s = text.substring(start);
        return s;
    }

    /** Flushes held-back bytes (an unfinished character becomes U+FFFD); returns that text. */
    public String finish() {
        String s = Utf8.decode(pending, pendingLen);
        pendingLen = 0;
        text.append(s);
        return s;
    }

    /** All text returned so far. */
    public String text() {
        return text.toString();
    }
}
