package dev.azr4j.bench;

import dev.azr4j.core.monitor.Observed;
import dev.azr4j.core.monitor.PythonComments;
import dev.azr4j.core.monitor.SafetyMonitor;
import dev.azr4j.core.monitor.SafetyRules;
import dev.azr4j.core.monitor.TrialAndError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the safety monitor and the behaviour metrics cost per training step: the built-in rules over
 * SAMPLES samples of CHARS characters of English-like reasoning and a short program (a step of the
 * default preset reads ~1,900: 384 trained sequences and 1,536 MC rollouts), with the literal
 * prefilter and without it (every pattern run: the reference), in the same run; median of the
 * passes. Prints one JSON line.
 *
 * <p>usage: MonitorBench [SAMPLES] [CHARS] [PASSES]
 */
public final class MonitorBench {
    private MonitorBench() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1920;
        int chars = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        String[] words = ("the function takes a list and returns the sum of its elements so the output is let me check "
                + "wait try again we need an input such that f gives 12 suppose x is 3 then 3 times 4 is 12 correct "
                + "the loop runs over the string and counts vowels actually the answer should be a tuple").split(" ");
        SplittableRandom r = new SplittableRandom(1);
        List<Observed> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            while (b.length() < chars) b.append(words[r.nextInt(words.length)]).append(r.nextInt(12) == 0 ? ". " : " ");
            String program = "def f(xs):\n    # add them up\n    total = 0\n    for x in xs:\n        total += x\n    return total";
            samples.add(new Observed("solve", "deduction", false, "prompt", b.toString(), b.toString(), program, List.of(), 0, Map.of()));
        }
        SafetyMonitor fast = new SafetyMonitor(SafetyRules.builtIn());
        SafetyMonitor reference = new SafetyMonitor(SafetyRules.builtIn().withoutPrefilters());
        double fastMs = median(passes, () -> fast.scan(1, samples));
        double refMs = median(passes, () -> reference.scan(1, samples));
        double behaviourMs = median(passes, () -> {
            for (Observed o : samples) {
                TrialAndError.detect(o.reasoning());
                PythonComments.hasComment(o.program());
            }
        });
        System.out.printf("{\"samples\": %d, \"chars\": %d, \"threads\": %d, \"safety_scan_ms\": %.1f, \"safety_scan_no_prefilter_ms\": %.1f, "
                        + "\"behaviour_text_ms\": %.1f}%n", n, chars, Runtime.getRuntime().availableProcessors(), fastMs, refMs, behaviourMs);
    }

    private static double median(int passes, Runnable work) {
        work.run();   // warm-up
        work.run();
        double[] ms = new double[passes];
        for (int p = 0; p < passes; p++) {
            long t0 = System.nanoTime();
            work.run();
            ms[p] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[passes / 2];
    }
}
