package dev.azr4j.model.tokenizer;

import java.util.Random;

/** Random text for round-trip tests: ASCII, code-like whitespace, accents, CJK, emoji, rare planes. */
final class TokenizerTestStrings {
    private static final String PIECES = " \t\n\r\u00a0\u3000'sSdDlL_-=+.,;:!?()[]{}\"\\/0123456789xyzXYZ";

    private TokenizerTestStrings() {}

    static String randomText(Random rnd, int maxCodePoints) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(maxCodePoints + 1);
        for (int i = 0; i < n; i++) {
            int cp = switch (rnd.nextInt(8)) {
                case 0, 1, 2 -> PIECES.charAt(rnd.nextInt(PIECES.length()));
                case 3 -> 'a' + rnd.nextInt(26);
                case 4 -> 0xc0 + rnd.nextInt(0x250 - 0xc0);          // Latin with accents, combining marks nearby
                case 5 -> 0x300 + rnd.nextInt(0x70);                 // combining marks (stress NFC)
                case 6 -> 0x4e00 + rnd.nextInt(0x5000);              // CJK
                default -> 0x1f300 + rnd.nextInt(0x300);             // emoji (surrogate pairs)
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\') sb.appendCodePoint(cp);
            else sb.append(String.format("\\u{%x}", cp));
        });
        return sb.append('"').toString();
    }
}
