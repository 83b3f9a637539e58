package dev.azr4j.model.tokenizer;

/**
 * Lossy UTF-8 decoding with the Unicode "maximal subpart" rule (each ill-formed piece becomes one
 * U+FFFD), as Rust's {@code String::from_utf8_lossy} in HuggingFace {@code tokenizers} does; Java's
 * own decoder differs on encoded surrogates, so decoding would not match HF byte for byte.
 */
final class Utf8 {
    private Utf8() {}

    /** Decodes {@code b[0, len)}; an unfinished character at the end becomes U+FFFD. */
    static String decode(byte[] b, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = decodeInto(b, 0, len, sb);
        if (i < len) sb.append('\uFFFD');
        return sb.toString();
    }

    /**
     * Decodes as much of {@code b[from, len)} as is final and appends it; returns where an
     * unfinished (but so far well-formed) character starts, or {@code len}.
     */
    static int decodeInto(byte[] b, int from, int len, StringBuilder sb) {
        int i = from;
        while (i < len) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            int cp;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                cp = c & 0x0f;
                if (c == 0xe0) lo = 0xa0;
                if (c == 0xed) hi = 0x9f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                cp = c & 0x07;
                if (c == 0xf0) lo = 0x90;
                if (c == 0xf4) hi = 0x8f;
            } else {
                sb.append('\uFFFD');
                i++;
                continue;
            }
            int j = i + 1;
            boolean bad = false;
            for (int k = 0; k < need; k++, j++) {
                if (j >= len) return i; // unfinished at the end
                int d = b[j] & 0xff;
                if (d < lo || d > hi) {
                    bad = true;
                    break;
                }
                cp = (cp << 6) | (d & 0x3f);
                lo = 0x80;
                hi = 0xbf;
            }
            if (bad) {
                sb.append('\uFFFD');
                i = j;
            } else {
                sb.appendCodePoint(cp);
                i = j;
            }
        }
        return i;
    }
}
