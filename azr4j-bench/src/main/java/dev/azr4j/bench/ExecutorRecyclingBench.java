package dev.azr4j.bench;

import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What recycling workers ({@code executor.max_tasks_per_worker}) costs: one pool per setting,
 * all alive at once, fed the same steps in turn (interleaved, so load from other work hits every
 * setting alike). A step is a from-zero training step's executor load: every seed program
 * validated, then its recorded output graded (2 × 1258 requests, batch).
 *
 * <p>Usage: {@code ExecutorRecyclingBench [SEED_DIR] [WORKERS] [ROUNDS] [SETTINGS]}, defaults
 * {@code ../shared/data/azr-seed 2 9 1000,3000,10000,1000000} (1000000: recycling off).
 */
public final class ExecutorRecyclingBench {
    public static void main(String[] args) throws Exception {
        Path seeds = Path.of(args.length > 0 ? args[0] : "../shared/data/azr-seed");
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        int[] settings = Arrays.stream((args.length > 3 ? args[3] : "1000,3000,10000,1000000").split(",")).mapToInt(Integer::parseInt).toArray();
        List<ExecRequest> validate = new ArrayList<>(), check = new ArrayList<>();
        for (ExecutorBench.SeedRequests r : ExecutorBench.seedRequests(seeds)) {
            validate.add(r.validate());
            check.add(r.check());
        }
        System.out.printf("step: %d validate then %d check_output; workers %d; cores %d; rounds %d%n",
                validate.size(), check.size(), workers, Runtime.getRuntime().availableProcessors(), rounds);
        PythonExecutor[] pools = new PythonExecutor[settings.length];
        double[][] perS = new double[settings.length][rounds];
        try {
            for (int s = 0; s < settings.length; s++) {
                pools[s] = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(workers).withTimeoutMs(5000).withMaxTasksPerWorker(settings[s]));
                step(pools[s], validate, check); // warm-up: JIT, imports
            }
            for (int r = 0; r < rounds; r++) {
                StringBuilder line = new StringBuilder("round " + r + ":");
                for (int s = 0; s < settings.length; s++) {
                    perS[s][r] = step(pools[s], validate, check);
                    line.append(String.format(" %d→%.0f req/s", settings[s], perS[s][r]));
                }
                System.out.println(line);
            }
        } finally {
            for (PythonExecutor p : pools) if (p != null) p.close();
        }
        System.out.println();
        System.out.println("| max_tasks_per_worker | req/s median | min | max | vs off (median of per-round ratios) |");
        System.out.println("|---|---|---|---|---|");
        int off = settings.length - 1;
        for (int s = 0; s < settings.length; s++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) ratio[r] = perS[s][r] / perS[off][r];
            double[] v = perS[s].clone();
            Arrays.sort(v);
            Arrays.sort(ratio);
            System.out.printf("| %d | %.0f | %.0f | %.0f | %.3f |%n", settings[s], v[rounds / 2], v[0], v[rounds - 1], ratio[rounds / 2]);
        }
    }

    /** One step; returns requests per second, and fails loudly if a request went unanswered. */
    static double step(PythonExecutor pool, List<ExecRequest> validate, List<ExecRequest> check) {
        long t0 = System.nanoTime();
        List<ExecResult> a = pool.execute(validate), b = pool.execute(check);
        double s = (System.nanoTime() - t0) / 1e9;
        for (List<ExecResult> rs : List.of(a, b)) for (ExecResult r : rs) if (r == null) throw new IllegalStateException("a request got no result");
        return (validate.size() + check.size()) / s;
    }
}
