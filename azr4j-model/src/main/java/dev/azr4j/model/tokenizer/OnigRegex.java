package dev.azr4j.model.tokenizer;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the Oniguruma regexes of {@code tokenizer.json} with {@link java.util.regex}. The syntax
 * used by tokenizers ({@code \p{L}}, {@code \p{N}}, {@code (?i:...)}, lookahead, possessive and
 * counted quantifiers) means the same in both once Java is told that {@code \s}, {@code \d},
 * {@code \w} and case-insensitivity are Unicode-wide, as they are in Oniguruma on UTF-8 text.
 * Constructs whose meaning differs are refused rather than silently mistranslated.
 */
final class OnigRegex {
    private OnigRegex() {}

    static Pattern compile(String onig) throws TokenizerLoadException {
        StringBuilder java = new StringBuilder(onig.length());
        for (int i = 0; i < onig.length(); i++) {
            char c = onig.charAt(i);
            if (c == '[' && onig.startsWith("[:", i + 1)) {
                throw new TokenizerLoadException("pre-tokenizer regex uses POSIX bracket classes ([[:...:]]), which azr4j does not translate: " + onig);
            }
            if (c != '\\' || i + 1 >= onig.length()) {
                java.append(c);
                continue;
            }
            char e = onig.charAt(++i);
            switch (e) {
                case 'h', 'H' -> throw new TokenizerLoadException("pre-tokenizer regex uses \\" + e
                        + " (a hex digit in Oniguruma, horizontal space in Java), which azr4j does not translate: " + onig);
                case 'p', 'P' -> {
                    // Oniguruma's negated property \p{^X} is Java's \P{X}
                    if (onig.startsWith("{^", i + 1)) {
                        java.append('\\').append(e == 'p' ? 'P' : 'p').append('{');
                        i += 2;
                    } else {
                        java.append('\\').append(e);
                    }
                }
                default -> java.append('\\').append(e);
            }
        }
        try {
            return Pattern.compile(java.toString(), Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException ex) {
            throw new TokenizerLoadException("pre-tokenizer regex cannot be compiled: " + ex.getDescription() + " in " + onig, ex);
        }
    }
}
