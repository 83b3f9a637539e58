package dev.azr4j.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.OptionalInt;

/**
 * Text ⇄ token ids. Implementations are immutable and safe to share between threads.
 *
 * <p>{@link #encode} never adds special tokens (no BOS/EOS); special-token strings that appear in the
 * text are encoded as their single ids, as HuggingFace {@code tokenizers} does by default.
 */
public interface Tokenizer {

    /** The ids of {@code text}; no special tokens are added. */
    int[] encode(String text);

    /** The text of {@code ids}; bytes that are not valid UTF-8 become U+FFFD. Special tokens are kept. */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /** The text of {@code ids}, leaving out special tokens when {@code skipSpecialTokens}. */
    default String decode(int[] ids, boolean skipSpecialTokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            if (skipSpecialTokens && isSpecial(id)) continue;
            bytes.writeBytes(tokenBytes(id));
        }
        return Utf8.decode(bytes.toByteArray(), bytes.size());
    }

    /**
     * The bytes token {@code id} stands for (a special token: the UTF-8 of its text). A token may
     * hold part of a multi-byte character, so decode sequences rather than single tokens, or use
     * {@link #newDecoder()}. An id with no token (unused, or at or above {@link #vocabSize()}, as a
     * model whose embedding is padded beyond the tokenizer can sample) gives no bytes, as HF's decode skips it.
     *
     * @throws IllegalArgumentException if {@code id} is negative
     */
    byte[] tokenBytes(int id);

    /** Whether {@code id} is a special token (skipped by {@code decode(ids, true)}). */
    boolean isSpecial(int id);

    /** One more than the largest id this tokenizer can produce. */
    int vocabSize();

    /** The id of a special or added token given by its text, e.g. {@code "<|im_end|>"}. */
    OptionalInt tokenId(String token);

    /** The id that ends a generation. */
    int eosId();

    /** The id used for padding (often the same as {@link #eosId()}). */
    int padId();

    /** The texts of the special tokens, in id order. */
    List<String> specialTokens();

    /** A decoder that turns ids into text one at a time, holding back incomplete UTF-8 sequences. */
    default IncrementalDecoder newDecoder() {
        return new IncrementalDecoder(this, false);
    }

    /** As {@link #newDecoder()}, leaving out special tokens when {@code skipSpecialTokens}. */
    default IncrementalDecoder newDecoder(boolean skipSpecialTokens) {
        return new IncrementalDecoder(this, skipSpecialTokens);
    }
}
