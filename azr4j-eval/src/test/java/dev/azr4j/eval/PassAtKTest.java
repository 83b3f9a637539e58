package dev.azr4j.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The unbiased pass@k estimator against values of its closed form 1 − C(n−c,k)/C(n,k). */
class PassAtKTest {
    @Test
    void matchesTheClosedForm() {
        assertEquals(0.3, PassAtK.estimate(10, 3, 1), 1e-12);                       // c/n
        assertEquals(1 - 1.0 / 252, PassAtK.estimate(10, 5, 5), 1e-12);            // 1 − C(5,5)/C(10,5)
        assertEquals(1 - 252.0 / 3003, PassAtK.estimate(15, 5, 5), 1e-12);         // 1 − C(10,5)/C(15,5)
        assertEquals(1 - 56.0 / 120, PassAtK.estimate(10, 2, 3), 1e-12);           // 1 − C(8,3)/C(10,3)
        assertEquals(0.0, PassAtK.estimate(10, 0, 5), 0);
        assertEquals(1.0, PassAtK.estimate(10, 6, 5), 0);                          // n − c < k
        assertEquals(1.0, PassAtK.estimate(1, 1, 1), 0);
        assertEquals(1 - (190.0 / 200) * (189.0 / 199), PassAtK.estimate(200, 10, 2), 1e-12);
    }

    @Test
    void refusesImpossibleArguments() {
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 1, 6));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 1, 0));
    }

    @Test
    void averagesOverItemsWithEnoughSamples() {
        List<List<Boolean>> v = List.of(List.of(true, false), List.of(false, false), List.of(true));
        assertEquals((0.5 + 0 + 1) / 3, PassAtK.mean(v, 1), 1e-12);
        assertEquals((1.0 + 0) / 2, PassAtK.mean(v, 2), 1e-12);
        assertTrue(Double.isNaN(PassAtK.mean(v, 3)));
    }
}
