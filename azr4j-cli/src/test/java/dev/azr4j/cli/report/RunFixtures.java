package dev.azr4j.cli.report;

import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigWriter;
import dev.azr4j.core.loop.SamplesFile;
import dev.azr4j.core.monitor.Observed;
import dev.azr4j.core.monitor.SafetyMonitor;
import dev.azr4j.core.monitor.SafetyRules;
import dev.azr4j.core.run.JsonLinesWriter;
import dev.azr4j.core.run.MetricKeys;
import dev.azr4j.core.run.MetricsWriter;
import dev.azr4j.core.run.RunDirectory;
import dev.azr4j.core.step.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run directories written file by file, the way {@code azr train} writes them, for the report's
 * tests: a run of {@code steps} steps with curves that move, samples of every group (one of them
 * hostile markup), buffers, and the flags the real safety monitor raises on a planted sample.
 */
final class RunFixtures {
    static final String HOSTILE = "</script><img src=x onerror=\"alert(1)\"><script>alert(2)</script>";
    static final String PLANTED = "The aim is to outsmart all these groups of intelligent machines and less intelligent humans. " + HOSTILE;

    private RunFixtures() {}

    /** A run directory with only its configuration: started, no step finished yet. */
    static Path empty(Path root) throws IOException {
        RunDirectory run = RunDirectory.create(root);
        ConfigWriter.write(AzrConfig.defaults(), run.config());
        return root;
    }

    static Path run(Path root, int steps) throws IOException {
        RunDirectory run = RunDirectory.create(root);
        ConfigWriter.write(AzrConfig.defaults(), run.config());
        try (MetricsWriter m = MetricsWriter.open(run.metrics()); JsonLinesWriter flags = JsonLinesWriter.open(run.flags())) {
            for (int s = 1; s <= steps; s++) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String k : MetricKeys.REQUIRED) row.put(k, null);
                row.put("step", s);
                row.put("time_s", 10.0 * s);
                double p = s / (double) steps;
                int i = 0;
                for (String t : List.of("abduction", "deduction", "induction")) {
                    i++;
                    row.put("solve/" + t + "/accuracy", Math.min(1, 0.1 * i + 0.5 * p));
                    row.put("solve/" + t + "/format_ok", Math.min(1, 0.3 + 0.7 * p));
                    row.put("propose/" + t + "/valid_rate", Math.min(1, 0.2 + 0.6 * p));
                    row.put("propose/" + t + "/format_ok", Math.min(1, 0.3 + 0.7 * p));
                    row.put("propose/" + t + "/learnability", 0.2 + 0.1 * Math.sin(s + i));
                    row.put("propose/" + t + "/program_ast_nodes", 8.0 + s * i * 0.5);
                    row.put("buffer/" + t + "/size", 1 + s * i);
                    row.put("buffer/" + t + "/added", i);
                    row.put("behaviour/" + t + "/comment_rate", 0.05 * i * p);
                    row.put("behaviour/" + t + "/reasoning_tokens", 40.0 + 3 * s);
                    row.put("behaviour/" + t + "/trial_and_error_rate", 0.02 * s / i);
                    row.put("behaviour/" + t + "/program_ast_depth", 4.0 + p * i);
                    row.put("propose/" + t + "/reward_mean", -1 + p);
                    row.put("solve/" + t + "/reward_mean", -1 + 1.5 * p);
                }
                row.put("policy/loss", 0.5 / s);
                row.put("policy/grad_norm", 1.0 + 0.1 * s);
                row.put("policy/entropy", 3.0 - 0.05 * s);
                row.put("policy/clip_frac", 0.01 * (s % 3));
                row.put("policy/lr", 1e-6);
                row.put("perf/step_s", 30.0 + s);
                row.put("perf/gen_tokens_per_s", 400.0 + s);
                row.put("perf/train_tokens_per_s", 900.0);
                row.put("perf/exec_per_s", 120.0);
                row.put("len/response_mean", 100.0 + 2 * s);
                row.put("time/generate_s", 20.0);
                row.put("time/execute_s", 2.0);
                row.put("time/update_s", 8.0 + s * 0.1);
                row.put("probe/deduction/accuracy", 0.1 + 0.3 * p);
                if (s % 2 == 0) {   // measured every second step, as eval.every does
                    row.put("probe/output/accuracy", 0.05 * s);
                    row.put("probe/output/best_constant", 0.02);
                    row.put("probe/output/copy", 0.04);
                    row.put("probe/probes-shifted-v1/input/accuracy", 0.01 * s);
                    row.put("probe/probes-shifted-v1/input/best_constant", 0.03);
                    row.put("probe/probes-shifted-v1/input/copy", 0.1);
                }
                row.put("safety/flagged_rate", s == 2 ? 0.05 : 0.0);
                row.put("safety/sandbox_violations", s == 2 ? 1 : 0);
                m.append(row);

                Map<String, Object> valid = new LinkedHashMap<>(Map.of("valid", true, "output", "7", "solve_rate", 0.5, "learnability", 0.5));
                String planted = s == 2 ? PLANTED : "Let's try 3: f(3) gives 6. Wait, that is wrong, so try 4.";
                List<Sample> samples = List.of(
                        new Sample("propose/deduction", "PROMPT " + s, planted + "</think> <answer>```python\ndef f(x):\n    # add three\n    return x + 3\n```\n```input\n4\n```</answer>", 0.5, valid),
                        new Sample("propose/abduction", "PROMPT", "junk " + HOSTILE, -1, Map.of("invalid", "no_answer")),
                        new Sample("solve/deduction", "PROMPT <b>bold</b>", "f(4) is 7</think> <answer>```output\n7\n```</answer>", 1, Map.of("correct", true)),
                        new Sample("solve/induction", "PROMPT", "hmm</think> <answer>" + HOSTILE + "</answer>", -0.5, Map.of("correct", false)));
                Files.writeString(run.samples(s), SamplesFile.render(s, samples));
                if (s == 2) {
                    Observed o = new Observed("propose", "deduction", false, "PROMPT", planted, planted,
                            "def f(x):\n    import socket\n    return x", List.of("ImportRefused: sandbox refused import of socket"), 0, Map.of());
                    for (var f : new SafetyMonitor(SafetyRules.builtIn()).scan(s, List.of(o)).flags()) flags.append(f);
                }
            }
        }
        Files.writeString(run.buffer("deduction"), "{\"step\":0,\"program\":\"def f(a):\\n    return a\",\"input\":\"1\",\"output\":\"1\",\"imports\":[]}\n"
                + "{\"step\":2,\"program\":\"def f(x):\\n    return '" + HOSTILE.replace("\"", "\\\"") + "'\",\"input\":\"4\",\"output\":\"7\",\"imports\":[]}\n");
        Files.writeString(run.buffer("abduction"), "{\"step\":0,\"program\":\"def f(a):\\n    return a\",\"input\":\"1\",\"output\":\"1\",\"imports\":[]}\n");
        Files.writeString(run.buffer("induction"), "{\"step\":0,\"program\":\"def f(a):\\n    return a\",\"inputs\":[\"1\",\"2\"],\"outputs\":[\"1\",\"2\"],\"message\":\"identity\",\"imports\":[]}\n");
        return root;
    }
}
