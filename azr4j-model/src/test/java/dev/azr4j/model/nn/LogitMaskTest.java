package dev.azr4j.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mask against a bit-by-bit reading of it, with empty, full and partial words and a model vocabulary larger than the mask's. */
class LogitMaskTest {
    @Test
    void masksExactlyTheClearedBitsAndEverythingBeyondTheMasksVocabulary() {
        SplittableRandom rng = new SplittableRandom(8);
        int maskVocab = 200, modelVocab = 256;
        for (int trial = 0; trial < 200; trial++) {
            long[] mask = new long[LogitMask.words(maskVocab)];
            for (int w = 0; w < mask.length; w++) {
                mask[w] = switch (rng.nextInt(4)) {
                    case 0 -> 0L;
                    case 1 -> -1L;
                    default -> rng.nextLong();
                };
            }
            float[] z = new float[modelVocab + 10];
            for (int j = 0; j < z.length; j++) z[j] = j;
            int allowed = LogitMask.apply(mask, maskVocab, z, 5, modelVocab);
            int expected = 0;
            for (int j = 0; j < modelVocab; j++) {
                boolean in = j < maskVocab && (mask[j >>> 6] & (1L << (j & 63))) != 0;
                if (in) expected++;
                assertEquals(in ? j + 5 : Float.NEGATIVE_INFINITY, z[5 + j], 0f, "id " + j);
                assertEquals(in, LogitMask.allows(mask, maskVocab, j));
            }
            for (int j = 0; j < 5; j++) assertEquals(j, z[j], 0f, "outside the row");
            assertEquals(expected, allowed);
        }
    }
}
