package dev.azr4j.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The tokenizer of models trained from zero: one token per UTF-8 byte (ids 0–255) plus special
 * tokens {@code <|endoftext|>} = 256 (end of text and padding), {@code <|im_start|>} = 257 and
 * {@code <|im_end|>} = 258. Ids 259–271 are reserved so the vocabulary (272) is a multiple of 16.
 */
public final class ByteTokenizer implements Tokenizer {
    public static final int ENDOFTEXT = 256;
    public static final int IM_START = 257;
    public static final int IM_END = 258;
    public static final int VOCAB_SIZE = 272;

    private static final List<String> SPECIALS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>");
    private static final ByteTokenizer INSTANCE = new ByteTokenizer();
    private static final byte[][] BYTES = new byte[256][];
    private static final byte[] NO_BYTES = new byte[0];

    static {
        for (int b = 0; b < 256; b++) BYTES[b] = new byte[] {(byte) b};
    }

    private final SpecialTokenMatcher matcher = new SpecialTokenMatcher(SPECIALS);

    private ByteTokenizer() {}

    public static ByteTokenizer instance() {
        return INSTANCE;
    }

    @Override
    public int[] encode(String text) {
        int[] ids = new int[16];
        int n = 0;
        int pos = 0;
        while (pos <= text.length()) {
            SpecialTokenMatcher.Match m = matcher.find(text, pos);
            int end = m == null ? text.length() : m.start();
            byte[] utf8 = text.substring(pos, end).getBytes(StandardCharsets.UTF_8);
            if (n + utf8.length + 1 > ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, n + utf8.length + 1));
            for (byte b : utf8) ids[n++] = b & 0xff;
            if (m == null) break;
            ids[n++] = ENDOFTEXT + m.token();
            pos = m.end();
        }
        return Arrays.copyOf(ids, n);
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (id >= 0 && id < 256) return BYTES[id];
        if (id >= ENDOFTEXT && id <= IM_END) return SPECIALS.get(id - ENDOFTEXT).getBytes(StandardCharsets.UTF_8);
        if (id < 0) throw new IllegalArgumentException("negative token id " + id);
        return NO_BYTES; // reserved ids and ids beyond the vocabulary decode to nothing
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= ENDOFTEXT && id < VOCAB_SIZE;
    }

    @Override
    public int vocabSize() {
        return VOCAB_SIZE;
    }

    @Override
    public OptionalInt tokenId(String token) {
        int i = SPECIALS.indexOf(token);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(ENDOFTEXT + i);
    }

    @Override
    public int eosId() {
        return ENDOFTEXT;
    }

    @Override
    public int padId() {
        return ENDOFTEXT;
    }

    @Override
    public List<String> specialTokens() {
        return SPECIALS;
    }

    @Override
    public String toString() {
        return "ByteTokenizer(" + VOCAB_SIZE + " ids)";
    }
}
