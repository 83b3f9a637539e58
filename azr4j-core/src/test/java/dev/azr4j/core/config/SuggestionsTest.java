package dev.azr4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void levenshtein() {
        assertEquals(0, Suggestions.distance("abc", "abc"));
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals(1, Suggestions.distance("batch_sise", "batch_size"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void closestIsTheSmallestEditDistance() {
        List<String> keys = List.of("steps", "batch_size", "micro_batch");
        assertEquals("batch_size", Suggestions.closest("batchsize", keys).orElseThrow());
        assertEquals("steps", Suggestions.closest("step", keys).orElseThrow());
        assertEquals(true, Suggestions.closest("x", List.of()).isEmpty());
    }
}
