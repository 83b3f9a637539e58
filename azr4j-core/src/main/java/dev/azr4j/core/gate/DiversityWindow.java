package dev.azr4j.core.gate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The last {@code size} keys seen (programs, inputs or answers) and how many of them are distinct,
 * per {@code size}: while fewer have been seen, the count is scaled up to {@code size}, so that the
 * metric reads the same from the first step (one proposal out of one distinct: 100 per 100).
 */
public final class DiversityWindow {
    private final int size;
    private final Deque<String> window = new ArrayDeque<>();
    private final Map<String, Integer> counts = new HashMap<>();

    public DiversityWindow(int size) {
        if (size < 1) throw new IllegalArgumentException("window size must be at least 1");
        this.size = size;
    }

    public void add(String key) {
        window.addLast(key);
        counts.merge(key, 1, Integer::sum);
        if (window.size() > size) {
            String old = window.removeFirst();
            counts.merge(old, -1, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** The keys in the window, oldest first: adding them in this order to an empty window rebuilds it. */
    public java.util.List<String> keys() {
        return java.util.List.copyOf(window);
    }

    /** Empties the window. */
    public void clear() {
        window.clear();
        counts.clear();
    }

    /** Distinct keys per {@code size} keys; null before the first key. */
    public Double distinctPerWindow() {
        if (window.isEmpty()) return null;
        return counts.size() * (double) size / window.size();
    }
}
