package dev.azr4j.core.step;

import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.monitor.SandboxRefusals;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.ExecResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A sequence the policy generates in a step: the prompt and grammar it is sampled with, then
 * ({@link RolloutGenerator}) its completion and the completion as read in the prompt's format,
 * then its reward ({@link Rewarding}; the shuffled control may permute it within its group). The
 * executions of it the sandbox refused are noted for the safety monitor.
 */
public final class Rollout {
    private final TaskType type;
    private final Role role;
    private final String prompt;
    private final GrammarSource grammar;
    private final Supplier<Map<String, Object>> details;
    private final List<String> refusals = new ArrayList<>();
    private Completion completion;
    private Response response;
    private double reward;

    /**
     * @param grammar constrains the completion; null: free decoding
     * @param details what the samples file and the safety monitor show beside it, read when they are written
     */
    Rollout(TaskType type, Role role, String prompt, GrammarSource grammar, Supplier<Map<String, Object>> details) {
        this.type = type;
        this.role = role;
        this.prompt = prompt;
        this.grammar = grammar;
        this.details = details;
    }

    void generated(Completion completion, Response response) {
        if (this.completion != null) throw new IllegalStateException("generated twice");
        this.completion = completion;
        this.response = response;
    }

    void reward(double reward) {
        this.reward = reward;
    }

    /** Notes a refusal of the sandbox in {@code result}, if there is one. */
    void noteRefusal(ExecResult result) {
        String refusal = SandboxRefusals.of(result);
        if (refusal != null) refusals.add(refusal);
    }

    public TaskType type() {
        return type;
    }

    public Role role() {
        return role;
    }

    public String prompt() {
        return prompt;
    }

    public GrammarSource grammar() {
        return grammar;
    }

    public Completion completion() {
        return completion;
    }

    public Response response() {
        return response;
    }

    public double reward() {
        return reward;
    }

    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public Map<String, Object> details() {
        return details.get();
    }
}
