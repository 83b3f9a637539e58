package dev.azr4j.model.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible byte ⇄ character table used by byte-level BPE: printable Latin-1 bytes map to
 * themselves, the other 68 bytes (controls, space, 0x7f–0xa0, 0xad) to U+0100 upwards in order,
 * so every byte string becomes a string of visible characters (a space becomes 'Ġ').
 */
final class ByteLevel {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x200];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xff];
    }

    /** The byte {@code c} stands for, or -1 if {@code c} is not in the table. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The UTF-8 bytes of {@code s}, each written as its table character. */
    static String encode(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) out[i] = BYTE_TO_CHAR[utf8[i] & 0xff];
        return new String(out);
    }

    /**
     * The bytes of one token's text as the HF ByteLevel decoder gives them: the table's bytes when
     * every character is in the table, otherwise the token's own UTF-8 (e.g. an added token with a space).
     */
    static byte[] decodeToken(String token) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            int b = byteOf(token.charAt(i));
            if (b < 0) return token.getBytes(StandardCharsets.UTF_8);
            out[i] = (byte) b;
        }
        return out;
    }
}
