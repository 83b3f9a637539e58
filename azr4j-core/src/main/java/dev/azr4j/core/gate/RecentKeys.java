package dev.azr4j.core.gate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded set of keys that forgets the least recently seen one when full: the gate's memory of
 * the tasks it let into the buffers, which outlives the buffers dropping their oldest entries.
 */
final class RecentKeys {
    private final Map<String, Boolean> keys;

    RecentKeys(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the key is held (and marks it recently seen). */
    boolean contains(String key) {
        return keys.get(key) != null;
    }

    void add(String key) {
        keys.put(key, Boolean.TRUE);
    }

    /** The keys from the least to the most recently seen: adding them in this order rebuilds the same set. */
    java.util.List<String> inOrder() {
        return java.util.List.copyOf(keys.keySet());
    }

    int size() {
        return keys.size();
    }
}
