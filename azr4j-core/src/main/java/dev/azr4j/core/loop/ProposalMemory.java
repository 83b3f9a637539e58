package dev.azr4j.core.loop;

import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A memory of past successes to imitate (the MAPO / priority-queue idea, for the proposer):
 * the newest {@code capacity} proposals of each task type that were valid and learnable (a solve
 * rate strictly between 0 and 1), as sampled, prompt and completion. Each step replays a few of
 * them as imitation sequences, so that what once made a good task stays likely while the policy
 * moves. Duplicates are not refused here: the gate's duplicate rule makes proposing a remembered
 * task again worth the invalid reward, so the memory teaches the form, not the copy. Not saved:
 * a resumed run starts with an empty memory.
 */
final class ProposalMemory {
    private final int capacity;
    private final Map<TaskType, Deque<Completion>> byType = new EnumMap<>(TaskType.class);

    ProposalMemory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.capacity = capacity;
    }

    void remember(TaskType t, Completion c) {
        Deque<Completion> d = byType.computeIfAbsent(t, k -> new ArrayDeque<>());
        d.addLast(c);
        while (d.size() > capacity) d.removeFirst();
    }

    int size(TaskType t) {
        Deque<Completion> d = byType.get(t);
        return d == null ? 0 : d.size();
    }

    /** {@code n} remembered proposals of type {@code t}, drawn uniformly with replacement; none while empty. */
    List<Completion> draw(TaskType t, int n, SplittableRandom rng) {
        Deque<Completion> d = byType.get(t);
        List<Completion> out = new ArrayList<>(n);
        if (d == null || d.isEmpty()) return out;
        List<Completion> all = new ArrayList<>(d);
        for (int i = 0; i < n; i++) out.add(all.get(rng.nextInt(all.size())));
        return out;
    }
}
