package dev.azr4j.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One step of the pre-tokenizer pipeline: cuts each piece of text into smaller pieces (words). */
sealed interface PreTokenizer {

    /** Appends the pieces {@code piece} is cut into to {@code out}. */
    void split(String piece, List<String> out);

    /** Runs {@code steps} one after the other on {@code text}. */
    static List<String> run(List<PreTokenizer> steps, String text) {
        List<String> pieces = new ArrayList<>(1);
        pieces.add(text);
        for (PreTokenizer step : steps) {
            List<String> next = new ArrayList<>(pieces.size() * 4);
            for (String p : pieces) step.split(p, next);
            pieces = next;
        }
        return pieces;
    }

    /** HF {@code Split} with behaviour {@code Isolated} (matches and the text between them become pieces) or {@code Removed}. */
    record RegexSplit(Pattern pattern, boolean removeMatches) implements PreTokenizer {
        @Override
        public void split(String piece, List<String> out) {
            Matcher m = pattern.matcher(piece);
            int last = 0;
            while (m.find()) {
                if (m.start() > last) out.add(piece.substring(last, m.start()));
                if (!removeMatches && m.end() > m.start()) out.add(piece.substring(m.start(), m.end()));
                last = m.end();
            }
            if (last < piece.length()) out.add(piece.substring(last));
        }
    }

    /**
     * HF {@code ByteLevel}: optionally prefixes a space, optionally splits with GPT-2's regex, then
     * writes each piece's UTF-8 bytes as byte-level characters.
     */
    record ByteLevelStep(boolean addPrefixSpace, Pattern gpt2Split) implements PreTokenizer {
        /** GPT-2's pre-tokenizer regex, used when {@code use_regex} is true. */
        static final String GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

        @Override
        public void split(String piece, List<String> out) {
            if (addPrefixSpace && !piece.startsWith(" ")) piece = " " + piece;
            if (gpt2Split == null) {
                out.add(ByteLevel.encode(piece));
                return;
            }
            List<String> words = new ArrayList<>();
            new RegexSplit(gpt2Split, false).split(piece, words);
            for (String w : words) out.add(ByteLevel.encode(w));
        }
    }
}
