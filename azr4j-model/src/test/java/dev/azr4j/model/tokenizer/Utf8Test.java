package dev.azr4j.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static String decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return Utf8.decode(b, b.length);
    }

    @Test
    void validTextDecodesLikeTheJdk() {
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) {
            String s = TokenizerTestStrings.randomText(rnd, 30);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(s, Utf8.decode(b, b.length));
        }
    }

    @Test
    void illFormedPiecesBecomeOneReplacementEach() {
        // the cases of Rust's from_utf8_lossy documentation / Unicode §3.9 "maximal subparts"
        assertEquals("\uFFFD\uFFFD\uFFFD", decode(0xed, 0xbd, 0x88)); // encoded surrogate
        assertEquals("\uFFFD\uFFFD", decode(0xe0, 0x80));             // overlong
        assertEquals("a\uFFFDb", decode('a', 0xe2, 0x82, 'b'));       // truncated in the middle
        assertEquals("\uFFFD", decode(0xf0, 0x9f, 0x98));             // truncated at the end
        assertEquals("\uFFFD\uFFFD", decode(0xc0, 0xaf));
        assertEquals("\uFFFD", decode(0xff));
        assertEquals("€", decode(0xe2, 0x82, 0xac));
    }
}
