package dev.azr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.train.AdamW;
import dev.azr4j.model.train.Sequence;
import dev.azr4j.model.train.TokenObjectives;
import dev.azr4j.model.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code azr bench train}: tokens/s of a full training step (forward, backward, clipping, AdamW). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Tokens/s of a training step (forward, backward, gradient clipping, AdamW) on random tokens.")
public final class BenchTrainCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions source;

    @Option(names = "--batch", defaultValue = "4", description = "Sequences per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "256", description = "Tokens per sequence (default ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--steps", defaultValue = "3", description = "Measured steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured steps first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--checkpoint", description = "Activation checkpointing (recompute layers in backward; less memory).")
    boolean checkpoint;

    @Option(names = "--prompt", defaultValue = "0", description = "Tokens of one prompt that all --batch sequences share, "
            + "--seq then counting each one's completion (the loss on it alone): the step is measured with the prompt "
            + "computed once (optim.shared_prompts) and with every sequence on its own, in alternating steps "
            + "(default ${DEFAULT-VALUE}: no prompt).")
    int prompt;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        try {
            if (batch < 1 || seq < 2 || steps < 1 || warmup < 0 || prompt < 0) {
                throw new IllegalArgumentException("need --batch >= 1, --seq >= 2, --steps >= 1, --warmup >= 0, --prompt >= 0");
            }
            Backend backend = source.backend();
            Transformer m = source.load(backend);
            m.setActivationCheckpointing(checkpoint);
            Trainer trainer = new Trainer(m);
            AdamW opt = new AdamW(m, AdamW.Hyper.defaults());
            SplittableRandom rng = new SplittableRandom(0);
            if (prompt > 0) return sharedPromptBench(m, backend, trainer, opt, rng);
            List<Sequence> data = new ArrayList<>();
            for (int b = 0; b < batch; b++) {
                int[] ids = new int[seq];
                for (int t = 0; t < seq; t++) ids[t] = rng.nextInt(Math.min(256, m.config().vocabSize()));
                data.add(Sequence.of(ids));
            }
            double loss = 0;
            long fwdBwd = 0, optNanos = 0;
            for (int s = 0; s < warmup + steps; s++) {
                long t0 = System.nanoTime();
                loss = trainer.forwardBackward(data, 1.0, TokenObjectives.meanNegativeLogLikelihood()).loss();
                long t1 = System.nanoTime();
                trainer.clipGradNorm(1.0);
                opt.step(trainer.gradients(), 1e-4);
                trainer.zeroGrad();
                long t2 = System.nanoTime();
                if (s >= warmup) {
                    fwdBwd += t1 - t0;
                    optNanos += t2 - t1;
                }
            }
            double stepS = (fwdBwd + optNanos) / 1e9 / steps;
            double tps = batch * seq / stepS;
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("engine", "azr4j " + backend.describe());
            out.put("model", source.name());
            out.put("params", m.config().parameterCount());
            out.put("batch", batch).put("seq", seq).put("threads", backend.threads()).put("checkpointing", checkpoint);
            out.put("step_s", stepS).put("tokens_per_s", tps);
            out.put("forward_backward_s", fwdBwd / 1e9 / steps).put("optimizer_s", optNanos / 1e9 / steps);
            out.put("peak_rss_mib", EngineSupport.peakRssMib()).put("loss", loss);
            if (json) System.out.println(out);
            else System.out.printf("azr4j train %s: %.1f tokens/s (%.0f ms/step: forward+backward %.0f ms, clip+AdamW %.0f ms;"
                            + " batch %d x %d, %s), peak RSS %.0f MiB%n", out.get("model").asText(), tps, stepS * 1000,
                    fwdBwd / 1e6 / steps, optNanos / 1e6 / steps, batch, seq, backend.describe(), EngineSupport.peakRssMib());
            return 0;
        } catch (CheckpointException | IllegalArgumentException e) {
            System.err.println("azr bench train: " + e.getMessage());
            return 2;
        }
    }

    /** --prompt: one prompt, --batch completions; shared and separate steps alternate (so machine noise hits both). */
    private int sharedPromptBench(Transformer m, Backend backend, Trainer trainer, AdamW opt, SplittableRandom rng) {
        int vocab = Math.min(256, m.config().vocabSize());
        int[] promptIds = rng.ints(prompt, 0, vocab).toArray();
        List<Sequence> data = new ArrayList<>();
        int[] shared = new int[batch];
        for (int b = 0; b < batch; b++) {
            data.add(Sequence.completion(promptIds, rng.ints(seq, 0, vocab).toArray()));
            shared[b] = prompt;
        }
        long[] nanos = new long[2];   // [separate, shared]
        double[] loss = new double[2];
        for (int s = 0; s < warmup + steps; s++) {
            for (int k = 0; k < 2; k++) {
                int mode = (s + k) % 2;
                long t0 = System.nanoTime();
                loss[mode] = trainer.forwardBackward(data, 1.0, TokenObjectives.meanNegativeLogLikelihood(),
                        mode == 1 ? shared : null).loss();
                trainer.clipGradNorm(1.0);
                opt.step(trainer.gradients(), 1e-4);
                trainer.zeroGrad();
                if (s >= warmup) nanos[mode] += System.nanoTime() - t0;
            }
        }
        double sepS = nanos[0] / 1e9 / steps, shS = nanos[1] / 1e9 / steps;
        long tokens = (long) batch * (prompt + seq);
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("engine", "azr4j " + backend.describe());
        out.put("model", source.name());
        out.put("params", m.config().parameterCount());
        out.put("batch", batch).put("prompt", prompt).put("seq", seq).put("threads", backend.threads())
                .put("checkpointing", checkpoint);
        out.put("separate_step_s", sepS).put("shared_step_s", shS).put("speedup", sepS / shS);
        out.put("separate_tokens_per_s", tokens / sepS).put("shared_tokens_per_s", tokens / shS);
        out.put("peak_rss_mib", EngineSupport.peakRssMib()).put("loss", loss[1]);
        if (json) System.out.println(out);
        else System.out.printf("azr4j train %s, 1 prompt of %d tokens x %d completions of %d: shared %.0f ms/step, "
                        + "separate %.0f ms/step, speedup %.2fx (%.1f vs %.1f tokens/s; %s), peak RSS %.0f MiB%n",
                source.name(), prompt, batch, seq, shS * 1000, sepS * 1000, sepS / shS, tokens / shS, tokens / sepS,
                backend.describe(), EngineSupport.peakRssMib());
        return 0;
    }
}
