package dev.azr4j.core.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.FinishReason;
import dev.azr4j.core.run.Checkpointed;
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
 * task again worth the invalid reward, so the memory teaches the form, not the copy. Saved in
 * checkpoints whole (prompt and completion ids, log-probabilities, grammar), in order.
 */
final class ProposalMemory implements Checkpointed {
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

    @Override
    public JsonNode saveState() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        byType.forEach((t, d) -> {
            ArrayNode list = o.putArray(t.id());
            for (Completion c : d) {
                ObjectNode x = list.addObject().put("text", c.text()).put("finish", c.finishReason().name());
                ints(x.putArray("prompt_ids"), c.promptIds());
                ints(x.putArray("token_ids"), c.tokenIds());
                ArrayNode lp = x.putArray("logprobs");
                for (float f : c.logprobs()) lp.add(f);
                if (c.grammar() != null) x.putObject("grammar").put("name", c.grammar().name()).put("gbnf", c.grammar().gbnf());
            }
        });
        return o;
    }

    @Override
    public void restoreState(JsonNode state) {
        Map<TaskType, Deque<Completion>> restored = new EnumMap<>(TaskType.class);
        for (TaskType t : TaskType.values()) {
            JsonNode list = state.get(t.id());
            if (list == null) continue;
            Deque<Completion> d = new ArrayDeque<>();
            for (JsonNode x : list) {
                float[] lp = new float[x.path("logprobs").size()];
                for (int i = 0; i < lp.length; i++) lp[i] = Float.parseFloat(x.get("logprobs").get(i).asText());   // the shortest decimal of a float reads back exactly
                JsonNode g = x.get("grammar");
                GrammarSource grammar = g == null ? null : new GrammarSource(Checkpointed.field(g, "name").asText(),
                        g.hasNonNull("gbnf") ? g.get("gbnf").asText() : null);
                d.addLast(new Completion(Checkpointed.field(x, "text").asText(), ints(Checkpointed.field(x, "prompt_ids")),
                        ints(Checkpointed.field(x, "token_ids")), lp, FinishReason.valueOf(Checkpointed.field(x, "finish").asText()), grammar));
            }
            while (d.size() > capacity) d.removeFirst();
            restored.put(t, d);
        }
        byType.clear();
        byType.putAll(restored);
    }

    private static void ints(ArrayNode a, int[] v) {
        for (int i : v) a.add(i);
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asInt();
        return v;
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
