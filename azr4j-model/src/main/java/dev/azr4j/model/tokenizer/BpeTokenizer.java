package dev.azr4j.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Byte-level BPE as HuggingFace {@code tokenizers} runs it for Qwen2/Qwen3/Llama-3, read from a
 * {@code tokenizer.json}: added tokens are cut out of the raw text first (leftmost-longest, with
 * their lstrip/rstrip/single_word rules), the rest is normalised (NFC), matched again against
 * added tokens flagged {@code normalized}, split into words by the pre-tokenizer regex, mapped to
 * byte-level characters and merged by rank. Encoding never adds BOS/EOS.
 */
public final class BpeTokenizer implements Tokenizer {
    private static final byte[] NO_BYTES = new byte[0];
    private final BpeModel model;
    private final UnaryOperator<String> normalizer;
    private final List<PreTokenizer> preTokenizers;
    private final List<AddedToken> rawMatched;        // added tokens matched in the raw text
    private final List<AddedToken> normalizedMatched; // added tokens matched after normalisation
    private final SpecialTokenMatcher rawMatcher;
    private final SpecialTokenMatcher normalizedMatcher;
    private final Map<String, AddedToken> addedByContent;
    private final byte[][] idBytes;
    private final boolean[] special;
    private final List<String> specialTokens;
    private final int eosId;
    private final int padId;
    private final Path sourceFile;

    BpeTokenizer(BpeModel model, UnaryOperator<String> normalizer, List<PreTokenizer> preTokenizers,
                 List<AddedToken> added, byte[][] idBytes, int eosId, int padId, Path sourceFile) {
        this.sourceFile = sourceFile;
        this.model = model;
        this.normalizer = normalizer;
        this.preTokenizers = List.copyOf(preTokenizers);
        this.rawMatched = added.stream().filter(t -> !t.normalized()).toList();
        this.normalizedMatched = added.stream().filter(AddedToken::normalized).toList();
        this.rawMatcher = new SpecialTokenMatcher(rawMatched.stream().map(AddedToken::content).toList());
        this.normalizedMatcher = new SpecialTokenMatcher(normalizedMatched.stream().map(AddedToken::content).toList());
        this.addedByContent = new java.util.HashMap<>();
        for (AddedToken t : added) addedByContent.put(t.content(), t);
        this.idBytes = idBytes;
        this.special = new boolean[idBytes.length];
        for (AddedToken t : added) if (t.special()) special[t.id()] = true;
        this.specialTokens = added.stream().filter(AddedToken::special)
                .sorted(java.util.Comparator.comparingInt(AddedToken::id)).map(AddedToken::content).toList();
        this.eosId = eosId;
        this.padId = padId;
    }

    /**
     * Reads {@code tokenizer.json}; the end-of-text and padding tokens come from the
     * {@code tokenizer_config.json} beside it when there is one.
     *
     * @throws TokenizerLoadException naming the file and the problem (missing, malformed, unsupported component)
     */
    public static BpeTokenizer fromFile(Path tokenizerJson) throws TokenizerLoadException {
        return TokenizerJsonLoader.load(tokenizerJson);
    }

    @Override
    public int[] encode(String text) {
        IntList out = new IntList();
        cutAddedTokens(text, rawMatcher, rawMatched, (gap, o) -> {
            String normalized = normalizer.apply(gap);
            cutAddedTokens(normalized, normalizedMatcher, normalizedMatched, this::encodeOrdinary, o);
        }, out);
        return out.toArray();
    }

    private void encodeOrdinary(String text, IntList out) {
        if (text.isEmpty()) return;
        for (String word : PreTokenizer.run(preTokenizers, text)) model.encodeWord(word, out);
    }

    private interface GapEncoder {
        void encode(String gap, IntList out);
    }

    /** Emits the ids of added tokens found in {@code text} and hands the text between them to {@code gaps}. */
    private static void cutAddedTokens(String text, SpecialTokenMatcher matcher, List<AddedToken> tokens,
                                       GapEncoder gaps, IntList out) {
        int done = 0;   // end of what has been emitted
        int from = 0;   // where to look for the next match
        while (true) {
            SpecialTokenMatcher.Match m = matcher.find(text, from);
            if (m == null) break;
            AddedToken t = tokens.get(m.token());
            int start = m.start();
            int end = m.end();
            from = end;
            if (start < done) continue; // inside whitespace an earlier rstrip swallowed
            if (t.singleWord() && (endsWithWordChar(text, start) || startsWithWordChar(text, end))) continue;
            if (t.lstrip()) {
                while (start > done) {
                    int cp = text.codePointBefore(start);
                    if (!isWhiteSpace(cp)) break;
                    start -= Character.charCount(cp);
                }
            }
            if (t.rstrip()) {
                while (end < text.length()) {
                    int cp = text.codePointAt(end);
                    if (!isWhiteSpace(cp)) break;
                    end += Character.charCount(cp);
                }
                from = end;
            }
            if (start > done) gaps.encode(text.substring(done, start), out);
            out.add(t.id());
            done = end;
        }
        if (done < text.length()) gaps.encode(text.substring(done), out);
    }

    /** Unicode White_Space, as Rust's {@code char::is_whitespace} (Java's isWhitespace differs on no-break spaces). */
    static boolean isWhiteSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f
                || cp == 0x205f || cp == 0x3000;
    }

    private static boolean isWordChar(int cp) {
        int type = Character.getType(cp);
        return Character.isAlphabetic(cp) || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static boolean endsWithWordChar(String s, int end) {
        return end > 0 && isWordChar(s.codePointBefore(end));
    }

    private static boolean startsWithWordChar(String s, int start) {
        return start < s.length() && isWordChar(s.codePointAt(start));
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (id < 0) throw new IllegalArgumentException("negative token id " + id);
        return id < idBytes.length && idBytes[id] != null ? idBytes[id] : NO_BYTES; // HF's decode skips unknown ids
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    @Override
    public int vocabSize() {
        return idBytes.length;
    }

    @Override
    public OptionalInt tokenId(String token) {
        AddedToken t = addedByContent.get(token);
        return t == null ? OptionalInt.empty() : OptionalInt.of(t.id());
    }

    @Override
    public int eosId() {
        return eosId;
    }

    @Override
    public int padId() {
        return padId;
    }

    @Override
    public List<String> specialTokens() {
        return specialTokens;
    }

    /** The added (non-BPE) tokens, special or not, in id order. */
    public List<String> addedTokens() {
        List<String> out = new ArrayList<>();
        addedByContent.values().stream().sorted(java.util.Comparator.comparingInt(AddedToken::id))
                .forEach(t -> out.add(t.content()));
        return out;
    }

    /** The {@code tokenizer.json} this tokenizer was read from. */
    public Path sourceFile() {
        return sourceFile;
    }

    @Override
    public String toString() {
        return "BpeTokenizer(" + idBytes.length + " ids, eos " + new String(idBytes[eosId], StandardCharsets.UTF_8) + ")";
    }
}
