package dev.azr4j.core.buffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The validated tasks of one type, in order of creation, each tagged with the step that made it.
 * Duplicates (same key) are not added twice; when the cap is reached either the oldest entries are
 * dropped or the new task is discarded. Sampling takes its random generator from the caller, so
 * every draw is reproducible.
 */
public final class TaskBuffer<T> {
    /** A task and the step it was created at (0 for seeds). */
    public record Entry<T>(T task, long step) {}

    /** What {@link #add} did. */
    public enum Added { ADDED, DUPLICATE, DISCARDED_FULL }

    private final int cap;
    private final CapPolicy capPolicy;
    private final Function<T, String> key;
    private final List<Entry<T>> entries = new ArrayList<>();
    private final Map<String, Integer> keys = new HashMap<>();

    /** @param key the duplicate key of a task, or {@code null} to keep duplicates */
    public TaskBuffer(int cap, CapPolicy capPolicy, Function<T, String> key) {
        if (cap < 1) throw new IllegalArgumentException("buffer cap must be at least 1");
        this.cap = cap;
        this.capPolicy = capPolicy;
        this.key = key;
    }

    public Added add(T task, long step) {
        String k = key == null ? null : key.apply(task);
        if (k != null && keys.containsKey(k)) return Added.DUPLICATE;
        if (entries.size() >= cap) {
            if (capPolicy == CapPolicy.DROP_NEW) return Added.DISCARDED_FULL;
            Entry<T> oldest = entries.removeFirst();
            if (key != null) keys.merge(key.apply(oldest.task()), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        entries.add(new Entry<>(task, step));
        if (k != null) keys.merge(k, 1, Integer::sum);
        return Added.ADDED;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** All entries, oldest first (a copy). */
    public List<Entry<T>> entries() {
        return List.copyOf(entries);
    }

    /** Number of entries created at step {@code step}. */
    public int countAt(long step) {
        int n = 0;
        for (Entry<T> e : entries) if (e.step() == step) n++;
        return n;
    }

    /** Up to {@code k} distinct entries drawn uniformly without replacement. */
    public List<T> sampleDistinct(int k, RandomGenerator rng) {
        return tasks(Sampler.withoutReplacement(entries, k, null, rng));
    }

    /** Up to {@code k} distinct entries drawn without replacement with weight {@code step + 1}. */
    public List<T> sampleDistinctByStep(int k, RandomGenerator rng) {
        return tasks(Sampler.withoutReplacement(entries, k, e -> e.step() + 1.0, rng));
    }

    /**
     * The solve batch of step {@code step}: {@code size} tasks drawn by {@code mix}. Entries count as
     * new when created at the previous step or later ({@code step − s ≤ 1}). When the buffer holds
     * fewer tasks than needed, tasks repeat. Empty buffer ⇒ empty batch.
     */
    public List<T> solveBatch(int size, long step, SolveMix mix, RandomGenerator rng) {
        if (entries.isEmpty() || size <= 0) return List.of();
        List<Entry<T>> recent = new ArrayList<>();
        for (Entry<T> e : entries) if (step - e.step() <= 1) recent.add(e);
        List<Entry<T>> out = new ArrayList<>(size);
        switch (mix) {
            case MAX_NEW -> out.addAll(Sampler.withoutReplacement(recent, size, null, rng));
            case HALF_NEW -> out.addAll(Sampler.withoutReplacement(recent, size / 2, null, rng));
            case UNIFORM_TOTAL -> { }
            case STEP -> {
                boolean anyWeight = entries.stream().anyMatch(e -> e.step() > 0);
                if (anyWeight) out.addAll(Sampler.withReplacement(entries, size, e -> (double) e.step(), rng));
            }
        }
        int missing = size - out.size();
        if (missing > 0) out.addAll(Sampler.fill(entries, missing, rng));
        return tasks(out);
    }

    private static <T> List<T> tasks(List<Entry<T>> es) {
        List<T> out = new ArrayList<>(es.size());
        for (Entry<T> e : es) out.add(e.task());
        return out;
    }
}
