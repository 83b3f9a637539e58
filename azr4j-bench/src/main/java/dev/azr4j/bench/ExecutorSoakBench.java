package dev.azr4j.bench;

import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Soak of the executor pool (issue 25): a from-zero step's executor load for many steps with
 * recycling, random worker kills (SIGKILL from outside) and injected spawn failures (the pool's
 * Python is a wrapper that fails a share of worker starts once the pool is up). Checks that no
 * step hangs (a step over 10 minutes aborts the run), that every request is answered or failed
 * with a reason, and that no worker process outlives the pool (counted before and after).
 *
 * <p>Usage: {@code ExecutorSoakBench [SEED_DIR] [STEPS] [PER_STEP] [MAX_TASKS] [KILLS_PER_STEP] [SPAWN_FAIL_PERCENT] [SEED]},
 * defaults {@code ../shared/data/azr-seed 200 1200 1000 0.5 20 1}.
 */
public final class ExecutorSoakBench {
    public static void main(String[] args) throws Exception {
        Path seeds = Path.of(args.length > 0 ? args[0] : "../shared/data/azr-seed");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int perStep = args.length > 2 ? Integer.parseInt(args[2]) : 1200;
        int maxTasks = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        double killsPerStep = args.length > 4 ? Double.parseDouble(args[4]) : 0.5;
        int failPercent = args.length > 5 ? Integer.parseInt(args[5]) : 20;
        Random random = new Random(args.length > 6 ? Long.parseLong(args[6]) : 1);

        List<ExecRequest> pool = new ArrayList<>();
        for (ExecutorBench.SeedRequests r : ExecutorBench.seedRequests(seeds)) {
            pool.add(r.validate());
            pool.add(r.check());
        }
        Path dir = Files.createTempDirectory("azr4j-soak-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path flaky = dir.resolve("flaky");
        Path wrapper = dir.resolve("python3");
        String python = ProcessHandle.current().info().command().isPresent() ? which("python3") : "/usr/bin/python3";
        Files.writeString(wrapper, "#!/bin/bash\ncase \"$*\" in *worker.py*) if [ -e " + flaky + " ] && [ $((RANDOM % 100)) -lt " + failPercent
                + " ]; then echo 'injected spawn failure' >&2; exit 3; fi;; esac\nexec " + python + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));

        long workersBefore = countWorkers();
        System.out.printf("soak: %d steps x %d requests, recycling every %d, %.2f kills/step, %d%% spawn failures; worker processes before: %d%n",
                steps, perStep, maxTasks, killsPerStep, failPercent, workersBefore);
        Map<String, Integer> outcomes = new TreeMap<>();
        int kills = 0, unanswered = 0, noReason = 0;
        long t0 = System.nanoTime();
        double slowestStep = 0;
        Path root;
        try (PythonExecutor executor = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(2).withTimeoutMs(5000)
                .withMaxTasksPerWorker(maxTasks).withPython(wrapper.toString()))) {
            root = executor.workDirectory();
            Files.writeString(flaky, "");
            for (int step = 0; step < steps; step++) {
                List<ExecRequest> batch = new ArrayList<>(perStep);
                for (int i = 0; i < perStep; i++) batch.add(pool.get(random.nextInt(pool.size())));
                batch.set(random.nextInt(perStep), new ExecRequest.Run("def f(a):\n    while True:\n        pass", "1")); // one hostile program a step
                double killAt = killsPerStep;
                Thread killer = null;
                int k = 0;
                while (random.nextDouble() < killAt) {
                    k++;
                    killAt -= 1;
                }
                if (k > 0) {
                    int n = k;
                    long delay = random.nextInt(200);
                    killer = Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < n; i++) {
                            try {
                                Thread.sleep(delay);
                            } catch (InterruptedException e) {
                                return;
                            }
                            List<ProcessHandle> ws = ProcessHandle.current().descendants().filter(ExecutorSoakBench::isWorker).toList();
                            if (!ws.isEmpty()) ws.get((int) (System.nanoTime() % ws.size())).destroyForcibly();
                        }
                    });
                    kills += k;
                }
                long s0 = System.nanoTime();
                Thread guard = Thread.ofPlatform().daemon(true).start(() -> {
                    try {
                        Thread.sleep(600_000);
                        System.out.println("HANG: a step took over 10 minutes");
                        System.exit(1);
                    } catch (InterruptedException e) {
                        // the step ended
                    }
                });
                List<ExecResult> results = executor.execute(batch);
                guard.interrupt();
                if (killer != null) killer.join();
                slowestStep = Math.max(slowestStep, (System.nanoTime() - s0) / 1e9);
                for (ExecResult r : results) {
                    if (r == null) {
                        unanswered++;
                        continue;
                    }
                    if (r.ok() || r.error() == null) { // a wrong answer is ok=false with no error
                        outcomes.merge(r.ok() ? "ok" : "wrong", 1, Integer::sum);
                        continue;
                    }
                    outcomes.merge(r.error().kind().name(), 1, Integer::sum);
                    if (r.error().message() == null || r.error().message().isBlank()) noReason++;
                    if (r.error().kind() == ErrorKind.WORKER_CRASH) outcomes.merge("WORKER_CRASH: " + r.error().message().replaceAll("\\d+", "N"), 1, Integer::sum);
                }
                if ((step + 1) % 20 == 0) System.out.printf("step %d: %.0f s, outcomes %s%n", step + 1, (System.nanoTime() - t0) / 1e9, outcomes);
            }
        }
        Thread.sleep(3000);
        long workersAfter = countWorkers();
        long ours = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(root.toString())).count();
        System.out.printf("%nsteps %d, requests %d, wall %.0f s, slowest step %.1f s, kills %d%n", steps, (long) steps * perStep,
                (System.nanoTime() - t0) / 1e9, slowestStep, kills);
        System.out.println("outcomes: " + outcomes);
        System.out.printf("unanswered %d, failed without a reason %d; worker processes before %d, after %d, of this pool after close %d%n",
                unanswered, noReason, workersBefore, workersAfter, ours);
        Files.deleteIfExists(flaky);
        Files.deleteIfExists(wrapper);
        Files.deleteIfExists(dir);
        System.exit(unanswered == 0 && noReason == 0 && ours == 0 ? 0 : 1);
    }

    static boolean isWorker(ProcessHandle p) {
        return p.info().commandLine().orElse("").contains("worker.py");
    }

    /** Worker processes of any azr4j pool on this machine. */
    static long countWorkers() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").matches(".*azr4j-exec-[^ ]*/worker\\.py.*")).count();
    }

    static String which(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        return "/usr/bin/" + name;
    }
}
