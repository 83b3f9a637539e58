package dev.azr4j.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
    private final ByteTokenizer tok = ByteTokenizer.instance();

    @Test
    void encodesUtf8BytesOneTokenEach() {
        assertArrayEquals(new int[] {104, 195, 169}, tok.encode("hé"));
        assertArrayEquals(new int[0], tok.encode(""));
        assertArrayEquals(new int[] {240, 159, 152, 128}, tok.encode("😀"));
    }

    @Test
    void specialTokensHaveFixedIds() {
        assertEquals(272, tok.vocabSize());
        assertEquals(256, tok.eosId());
        assertEquals(256, tok.padId());
        assertEquals(OptionalInt.of(256), tok.tokenId("<|endoftext|>"));
        assertEquals(OptionalInt.of(257), tok.tokenId("<|im_start|>"));
        assertEquals(OptionalInt.of(258), tok.tokenId("<|im_end|>"));
        assertEquals(OptionalInt.empty(), tok.tokenId("<|nope|>"));
        assertEquals(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"), tok.specialTokens());
        assertTrue(tok.isSpecial(258));
        assertTrue(tok.isSpecial(271));
        assertFalse(tok.isSpecial(255));
    }

    @Test
    void specialTokenTextEncodesAsSingleId() {
        assertArrayEquals(new int[] {257, 'u', '\n', 'h', 'i', 258, '\n', 256},
                tok.encode("<|im_start|>u\nhi<|im_end|>\n<|endoftext|>"));
        // an unfinished special token is plain bytes
        assertEquals("<|im_end|".getBytes(StandardCharsets.US_ASCII).length, tok.encode("<|im_end|").length);
        assertEquals("a<|im_end|>b", tok.decode(tok.encode("a<|im_end|>b")));
        assertEquals("ab", tok.decode(tok.encode("a<|im_end|>b"), true));
    }

    @Test
    void randomStringsRoundTrip() {
        Random rnd = new Random(1);
        for (int i = 0; i < 2000; i++) {
            String s = TokenizerTestStrings.randomText(rnd, 40);
            assertEquals(s, tok.decode(tok.encode(s)), () -> "round trip of " + TokenizerTestStrings.escape(s));
        }
    }

    @Test
    void idsWithoutTokenDecodeToNothingNegativeIdsAreRefused() {
        assertEquals(0, tok.tokenBytes(272).length);
        assertEquals(0, tok.tokenBytes(260).length);
        assertEquals("ab", tok.decode(new int[] {'a', 300, 'b'}));
        assertThrows(IllegalArgumentException.class, () -> tok.tokenBytes(-1));
    }

    @Test
    void incrementalDecoderHoldsBackSplitCharacters() {
        int[] ids = tok.encode("a😀é<|im_end|>z");
        IncrementalDecoder dec = tok.newDecoder();
        assertEquals("a", dec.add(ids[0]));
        assertEquals("", dec.add(ids[1]));
        assertEquals("", dec.add(ids[2]));
        assertEquals("", dec.add(ids[3]));
        assertEquals("😀", dec.add(ids[4]));
        assertEquals("", dec.add(ids[5]));
        assertEquals("é", dec.add(ids[6]));
        assertEquals("<|im_end|>", dec.add(ids[7]));
        assertEquals("z", dec.add(ids[8]));
        assertEquals("", dec.finish());
        assertEquals("a😀é<|im_end|>z", dec.text());
    }

    @Test
    void incrementalDecodingEqualsWholeDecodingOnRandomBytes() {
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            int[] ids = new int[rnd.nextInt(12)];
            for (int j = 0; j < ids.length; j++) {
                // bias towards UTF-8 lead/continuation bytes so partial characters are common
                ids[j] = switch (rnd.nextInt(4)) {
                    case 0 -> 0x80 + rnd.nextInt(64);
                    case 1 -> 0xc0 + rnd.nextInt(64);
                    case 2 -> rnd.nextInt(128);
                    default -> rnd.nextInt(259);
                };
            }
            IncrementalDecoder dec = tok.newDecoder();
            StringBuilder sb = new StringBuilder();
            for (int id : ids) sb.append(dec.add(id));
            sb.append(dec.finish());
            assertEquals(tok.decode(ids), sb.toString(), () -> java.util.Arrays.toString(ids));
        }
    }
}
