package dev.azr4j.core.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A part of the training loop that remembers something from one step to the next (the gate's
 * memory of stored tasks, the environment's share average, the proposal memory). What it remembers
 * goes into every checkpoint and comes back on {@code --resume}, so that a resumed run draws and
 * decides exactly what the uninterrupted one would have.
 */
public interface Checkpointed {
    /** What it remembers now, as JSON that {@link #restoreState} reads back exactly (doubles and floats round-trip). */
    JsonNode saveState();

    /**
     * Replaces what it remembers with a saved state.
     *
     * @throws IllegalArgumentException naming the field, when the state is malformed
     */
    void restoreState(JsonNode state);

    /** The field {@code name} of {@code node}, or a clear error naming it. */
    static JsonNode field(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull()) throw new IllegalArgumentException("missing \"" + name + "\"");
        return v;
    }
}
