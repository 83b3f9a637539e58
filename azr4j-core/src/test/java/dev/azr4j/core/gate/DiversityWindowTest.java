package dev.azr4j.core.gate;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DiversityWindowTest {
    @Test
    void distinctKeysAreScaledUntilTheWindowIsFullThenSlide() {
        DiversityWindow w = new DiversityWindow(4);
        assertNull(w.distinctPerWindow());
        w.add("a");
        assertEquals(4.0, w.distinctPerWindow());
        w.add("a");
        assertEquals(2.0, w.distinctPerWindow());
        w.add("b");
        w.add("c");
        assertEquals(3.0, w.distinctPerWindow());
        w.add("c");   // the first "a" leaves
        assertEquals(3.0, w.distinctPerWindow());
        w.add("c");   // the second "a" leaves
        assertEquals(2.0, w.distinctPerWindow());
    }

    @Test
    void recentKeysForgetTheLeastRecentlySeen() {
        RecentKeys k = new RecentKeys(2);
        k.add("a");
        k.add("b");
        assertTrue(k.contains("a"));   // a is now the most recent
        k.add("c");
        assertTrue(k.contains("a"));
        assertFalse(k.contains("b"));
        assertEquals(2, k.size());
    }
}
