package dev.azr4j.core.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A policy that answers each prompt with a completion chosen by a script (for tests and dry runs).
 * Text is "tokenised" one token per character with log-probability −1; updates record their batch
 * and return fixed statistics.
 */
public final class ScriptedPolicy implements Policy {
    private final Function<String, String> script;
    private final List<List<TrainSequence>> updates = new ArrayList<>();
    private final List<LossSettings> losses = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private final List<Sampling> samplings = new ArrayList<>();
    private int saves;

    public ScriptedPolicy(Function<String, String> script) {
        this.script = script;
    }

    @Override
    public List<Completion> generate(List<String> batch, Sampling sampling) {
        List<Completion> out = new ArrayList<>(batch.size());
        samplings.add(sampling);
        for (String p : batch) {
            prompts.add(p);
            String text = script.apply(p);
            int n = Math.min(text.length(), sampling.maxTokens());
            FinishReason reason = n < text.length() ? FinishReason.LENGTH : FinishReason.STOP;
            text = text.substring(0, n);
            float[] lp = new float[n];
            java.util.Arrays.fill(lp, -1f);
            out.add(new Completion(text, chars(p), chars(text), lp, reason, sampling.grammar()));
        }
        return out;
    }

    /** The sampling settings of every generate call so far, in order (the grammar is recorded, not applied). */
    public List<Sampling> samplings() {
        return List.copyOf(samplings);
    }

    @Override
    public UpdateStats update(List<TrainSequence> batch, LossSettings settings) {
        updates.add(List.copyOf(batch));
        losses.add(settings);
        long tokens = 0;
        for (TrainSequence s : batch) tokens += s.completionIds().length;
        return new UpdateStats(0.0, 0.0, 0.0, 0.0, settings.lr(), tokens);
    }

    @Override
    public int[][] encodeSequence(String prompt, String completion) {
        return new int[][] {prompt.chars().toArray(), completion.chars().toArray()};
    }

    @Override
    public int countTokens(String text) {
        return text.length();
    }

    @Override
    public int contextLength() {
        return Integer.MAX_VALUE / 2;
    }

    @Override
    public void save(Path dir) {
        try {
            Files.writeString(dir.resolve("scripted-policy.txt"), "scripted policy, save #" + (++saves) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every batch passed to {@link #update}, in order. */
    public List<List<TrainSequence>> updates() {
        return updates;
    }

    /** The loss settings of every {@link #update}, in order. */
    public List<LossSettings> losses() {
        return losses;
    }

    /** Every prompt passed to {@link #generate}, in order. */
    public List<String> prompts() {
        return prompts;
    }

    private static int[] chars(String s) {
        return s.chars().toArray();
    }
}
