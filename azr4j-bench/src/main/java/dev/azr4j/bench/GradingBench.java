package dev.azr4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.Grading;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The cost of strict grading: check_output of the recorded seed outputs (the answers a solver that
 * is right gives), batch, strict and lenient alternating in one pool, so both see the same load.
 * Same workload, warm-up and pool as {@link ExecutorBench}'s "check_output seeds" phase.
 *
 * <p>Usage: {@code GradingBench [SEED_DIR] [WORKERS] [ROUNDS]} (defaults {@code ../shared/data/azr-seed}, 2, 5).
 */
public final class GradingBench {
    record Result(double perS, double workerCpuUs, int ok) {}

    public static void main(String[] args) throws Exception {
        Path seeds = Path.of(args.length > 0 ? args[0] : "../shared/data/azr-seed");
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String[]> tasks = new ArrayList<>();
        for (JsonNode row : ExecutorBench.seedRows(seeds)) {
            String out = row.get("output").asText();
            if (out.isEmpty() || out.length() > 400) continue;
            StringBuilder prog = new StringBuilder();
            for (JsonNode imp : row.path("imports")) prog.append(imp.asText()).append('\n');
            prog.append(row.get("snippet").asText());
            tasks.add(new String[] {prog.toString(), row.get("input").asText(), out});
        }
        try (PythonExecutor pool = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(workers).withTimeoutMs(5000))) {
            // warm-up: every program validated once (compiled and cached, numpy imported), then each rule once
            List<ExecRequest> validate = new ArrayList<>();
            for (String[] t : tasks) validate.add(new ExecRequest.Validate(t[0], t[1]));
            pool.execute(validate);
            run(pool, tasks, Grading.STRICT);
            run(pool, tasks, Grading.LENIENT);
            double[] strict = new double[rounds], lenient = new double[rounds], strictCpu = new double[rounds], lenientCpu = new double[rounds];
            int okStrict = 0, okLenient = 0;
            for (int r = 0; r < rounds; r++) {
                Result s = run(pool, tasks, Grading.STRICT), l = run(pool, tasks, Grading.LENIENT);
                strict[r] = s.perS();
                strictCpu[r] = s.workerCpuUs();
                lenient[r] = l.perS();
                lenientCpu[r] = l.workerCpuUs();
                okStrict = s.ok();
                okLenient = l.ok();
                System.out.printf("round %d: strict %.0f req/s (%.0f µs worker CPU/req), lenient %.0f req/s (%.0f µs)%n",
                        r + 1, s.perS(), s.workerCpuUs(), l.perS(), l.workerCpuUs());
            }
            System.out.printf("%d check_output requests, %d workers, %d rounds: strict median %.0f req/s, %.0f µs worker CPU/req (ok %d); "
                            + "lenient median %.0f req/s, %.0f µs (ok %d); strict/lenient throughput %.2f×%n",
                    tasks.size(), workers, rounds, median(strict), median(strictCpu), okStrict, median(lenient), median(lenientCpu), okLenient,
                    median(strict) / median(lenient));
        }
    }

    static Result run(PythonExecutor pool, List<String[]> tasks, Grading grading) {
        Map<Long, Long> cpu0 = ExecutorBench.descendantCpuNanos();
        long t0 = System.nanoTime();
        List<CompletableFuture<ExecResult>> fs = new ArrayList<>(tasks.size());
        for (String[] t : tasks) fs.add(pool.submit(new ExecRequest.CheckOutput(t[0], t[1], t[2], grading)));
        int ok = 0;
        for (CompletableFuture<ExecResult> f : fs) if (f.join().ok()) ok++;
        double wall = (System.nanoTime() - t0) / 1e9;
        long workerNanos = 0;
        for (var e : ExecutorBench.descendantCpuNanos().entrySet()) workerNanos += e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
        return new Result(tasks.size() / wall, workerNanos / 1e3 / tasks.size(), ok);
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
