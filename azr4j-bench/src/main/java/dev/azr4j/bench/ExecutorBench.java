package dev.azr4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Executor throughput and latency on the seed programs, side by side in one run with a reference
 * executor built the way the original is ({@code azr4j-bench/python/reference_executor.py}).
 *
 * <p>Usage: {@code ExecutorBench [SEED_DIR] [WORKERS]} (defaults {@code ../shared/data/azr-seed}, 2).
 */
public final class ExecutorBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TRIVIAL = "def f(a):\n    return a";
    static final String LOOP = "def f(a):\n    while True:\n        pass";
    /** Trivial requests each executor runs before it is measured (the reference runs as many). */
    static final int WARM_UP = 1000;

    record Task(String op, String program, String input, String predicted) {
        ExecRequest request() {
            return op.equals("validate") ? new ExecRequest.Validate(program, input) : new ExecRequest.CheckOutput(program, input, predicted);
        }
    }

    /**
     * One phase's numbers. cpuUs: CPU time per request in microseconds, of the coordinating process
     * (azr4j: the JVM; reference: the pool's parent) and of the workers (processes that ended
     * during the phase are missed, so the hostile phase undercounts).
     */
    record Row(String phase, String mode, int n, int ok, double wallS, double perS, double p50, double p99,
               double mainCpuUs, double workerCpuUs) {}

    public static void main(String[] args) throws Exception {
        Path seeds = Path.of(args.length > 0 ? args[0] : "../shared/data/azr-seed");
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<Task> validate = new ArrayList<>(), check = new ArrayList<>();
        for (JsonNode row : seedRows(seeds)) {
            String out = row.get("output").asText();
            if (out.isEmpty() || out.length() > 400) continue; // failed or cut in the original: neither executor can grade them
            StringBuilder prog = new StringBuilder();
            for (JsonNode imp : row.path("imports")) prog.append(imp.asText()).append('\n');
            prog.append(row.get("snippet").asText());
            validate.add(new Task("validate", prog.toString(), row.get("input").asText(), null));
            check.add(new Task("check_output", prog.toString(), row.get("input").asText(), out));
        }
        // Warm-up, the same for both executors, so that phases measure a long-running trainer (a
        // compiled JVM, numpy already imported by some earlier program): trivial requests, then every
        // seed program once with a comment added (another source text: nothing measured is cached).
        List<Task> warmUpTrivial = new ArrayList<>();
        for (int i = 0; i < WARM_UP / 2; i++) {
            warmUpTrivial.add(new Task("validate", TRIVIAL, Integer.toString(i), null));
            warmUpTrivial.add(new Task("check_output", TRIVIAL, Integer.toString(i), Integer.toString(i)));
        }
        List<Task> warmUp = new ArrayList<>(warmUpTrivial);
        for (Task t : validate) warmUp.add(new Task("validate", t.program() + "\n# warm-up", t.input(), null));
        List<Task> trivial = new ArrayList<>();
        for (int i = 0; i < 300; i++) trivial.add(new Task("validate", TRIVIAL, Integer.toString(i), null));
        // enough trivial work to outlast the hostile program's timeout, so the batch measures lost capacity
        List<Task> trivialBatch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) trivialBatch.add(new Task("validate", TRIVIAL, Integer.toString(i), null));
        List<Task> hostileBatch = new ArrayList<>();
        hostileBatch.add(new Task("validate", LOOP, "1", null));
        hostileBatch.addAll(trivialBatch);

        Map<String, List<Task>> phases = new LinkedHashMap<>();
        phases.put("validate seeds|batch", validate);
        phases.put("check_output seeds|batch", check);
        phases.put("validate seeds|sequential", validate.subList(0, 200));
        phases.put("check_output seeds|sequential", check.subList(0, 200));
        phases.put("validate trivial|sequential", trivial);

        System.out.printf("seed tasks: %d validate, %d check_output; workers %d; cores %d%n", validate.size(), check.size(),
                workers, Runtime.getRuntime().availableProcessors());
        List<Row> java = new ArrayList<>(), reference = new ArrayList<>();
        ExecutorOptions options = ExecutorOptions.defaults().withWorkers(workers).withTimeoutMs(5000);
        try (PythonExecutor pool = PythonExecutor.start(options)) {
            warmUp(pool, warmUp);
            for (var e : phases.entrySet()) java.add(runJava(pool, e.getKey(), e.getValue()));
        }
        ExecutorOptions hostileOptions = options.withTimeoutMs(1000);
        try (PythonExecutor pool = PythonExecutor.start(hostileOptions)) {
            warmUp(pool, warmUpTrivial);
            java.add(runJava(pool, "5000 trivial|batch", trivialBatch));
            java.add(runJava(pool, "1 infinite loop + 5000 trivial (timeout 1 s)|batch", hostileBatch));
        }
        reference.addAll(runReference(withWarmUp(warmUp, phases), workers, 5));
        Map<String, List<Task>> hostilePhases = new LinkedHashMap<>();
        hostilePhases.put("5000 trivial|batch", trivialBatch);
        hostilePhases.put("1 infinite loop + 5000 trivial (timeout 1 s)|batch", hostileBatch);
        reference.addAll(runReference(withWarmUp(warmUpTrivial, hostilePhases), workers, 1));

        System.out.println();
        System.out.println("| phase | mode | n | azr4j req/s | reference req/s | speed-up | azr4j p50 / p99 ms | reference p50 / p99 ms | azr4j ok | reference ok | azr4j CPU µs/req JVM + workers | reference CPU µs/req parent + workers |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < java.size(); i++) {
            Row a = java.get(i), b = reference.get(i);
            System.out.printf("| %s | %s | %d | %.0f | %.0f | %.2f× | %.1f / %.1f | %.1f / %.1f | %d | %d | %.0f + %.0f | %.0f + %.0f |%n", a.phase(), a.mode(), a.n(),
                    a.perS(), b.perS(), a.perS() / b.perS(), a.p50(), a.p99(), b.p50(), b.p99(), a.ok(), b.ok(),
                    a.mainCpuUs(), a.workerCpuUs(), b.mainCpuUs(), b.workerCpuUs());
        }
        Row jt = java.get(java.size() - 2), jh = java.getLast(), rt = reference.get(reference.size() - 2), rh = reference.getLast();
        System.out.printf("%nextra wall time caused by one infinite loop (timeout 1000 ms; one of %d workers lost for 1 s ideally costs %d ms): azr4j %.0f ms, reference %.0f ms%n",
                workers, 1000 / workers,
                (jh.wallS() - jt.wallS()) * 1000, (rh.wallS() - rt.wallS()) * 1000);
    }

    /** Runs the warm-up through the same code paths as the phases (batch and sequential). */
    static void warmUp(PythonExecutor pool, List<Task> tasks) {
        runJava(pool, "warm-up|batch", tasks);
        runJava(pool, "warm-up|sequential", tasks.subList(0, Math.min(200, tasks.size())));
    }

    static Row runJava(PythonExecutor pool, String key, List<Task> tasks) {
        String[] pm = key.split("\\|");
        double[] lat = new double[tasks.size()];
        int ok = 0;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Map<Long, Long> workers0 = descendantCpuNanos();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        if (pm[1].equals("batch")) {
            List<CompletableFuture<ExecResult>> fs = new ArrayList<>();
            long[] start = new long[tasks.size()];
            for (int i = 0; i < tasks.size(); i++) {
                start[i] = System.nanoTime();
                fs.add(pool.submit(tasks.get(i).request()));
            }
            for (int i = 0; i < tasks.size(); i++) {
                ExecResult r = fs.get(i).join();
                lat[i] = (System.nanoTime() - start[i]) / 1e6;
                if (r.ok()) ok++;
            }
        } else {
            for (int i = 0; i < tasks.size(); i++) {
                long s = System.nanoTime();
                ExecResult r = pool.execute(tasks.get(i).request());
                lat[i] = (System.nanoTime() - s) / 1e6;
                if (r.ok()) ok++;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double mainCpu = (os.getProcessCpuTime() - cpu0) / 1e3 / tasks.size();
        long workerNanos = 0;
        for (var e : descendantCpuNanos().entrySet()) workerNanos += e.getValue() - workers0.getOrDefault(e.getKey(), 0L);
        Arrays.sort(lat);
        return new Row(pm[0], pm[1], tasks.size(), ok, wall, tasks.size() / wall, pick(lat, 0.5), pick(lat, 0.99),
                mainCpu, workerNanos / 1e3 / tasks.size());
    }

    /** CPU time so far of each live descendant process (the workers and their namespace wrappers). */
    static Map<Long, Long> descendantCpuNanos() {
        Map<Long, Long> cpu = new java.util.HashMap<>();
        ProcessHandle.current().descendants().forEach(p -> p.info().totalCpuDuration().ifPresent(d -> cpu.put(p.pid(), d.toNanos())));
        return cpu;
    }

    /** The phases for the reference, led by its warm-up (run, not reported). */
    static Map<String, List<Task>> withWarmUp(List<Task> warmUp, Map<String, List<Task>> phases) {
        Map<String, List<Task>> all = new LinkedHashMap<>();
        all.put("warm-up|warmup", warmUp);
        all.putAll(phases);
        return all;
    }

    static double pick(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }

    static List<Row> runReference(Map<String, List<Task>> phases, int workers, int timeoutS) throws IOException, InterruptedException {
        Path workload = Files.createTempFile("azr4j-bench-", ".jsonl");
        try {
            StringBuilder sb = new StringBuilder();
            for (var e : phases.entrySet()) {
                String[] pm = e.getKey().split("\\|");
                for (Task t : e.getValue()) {
                    ObjectNode n = JSON.createObjectNode().put("phase", pm[0]).put("mode", pm[1]).put("op", t.op())
                            .put("program", t.program()).put("input", t.input()).put("predicted", t.predicted());
                    sb.append(JSON.writeValueAsString(n)).append('\n');
                }
            }
            Files.writeString(workload, sb.toString());
            Path script = Path.of("azr4j-bench/python/reference_executor.py");
            if (!Files.exists(script)) script = Path.of("python/reference_executor.py");
            Process p = new ProcessBuilder("python3", script.toString(), workload.toString(), Integer.toString(workers), Integer.toString(timeoutS))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            List<Row> rows = new ArrayList<>();
            try (InputStream in = p.getInputStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.startsWith("AZR4J-REF ")) continue; // anything else a program printed
                    JsonNode n = JSON.readTree(line.substring("AZR4J-REF ".length()));
                    rows.add(new Row(n.get("phase").asText(), n.get("mode").asText(), n.get("n").asInt(), n.get("ok").asInt(),
                            n.get("wall_s").asDouble(), n.get("per_s").asDouble(), n.get("p50_ms").asDouble(), n.get("p99_ms").asDouble(),
                            n.get("main_cpu_us").asDouble(), n.get("worker_cpu_us").asDouble()));
                }
            }
            long reported = phases.keySet().stream().filter(k -> !k.endsWith("|warmup")).count();
            if (p.waitFor() != 0 || rows.size() != reported) throw new IllegalStateException("the reference executor failed (exit " + p.exitValue() + ")");
            return rows;
        } finally {
            Files.deleteIfExists(workload);
        }
    }

    static List<JsonNode> seedRows(Path dir) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_seed_io.jsonl"))
                    .filter(p -> !p.getFileName().toString().contains("_code_f_")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) if (!line.isBlank()) rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    /** A seed program's two requests: its validation and the check of its recorded output. */
    record SeedRequests(ExecRequest validate, ExecRequest check) {}

    /** The requests of every seed row whose recorded output is neither empty nor longer than 400 characters. */
    static List<SeedRequests> seedRequests(Path dir) throws IOException {
        List<SeedRequests> out = new ArrayList<>();
        for (JsonNode row : seedRows(dir)) {
            String output = row.get("output").asText();
            if (output.isEmpty() || output.length() > 400) continue;
            StringBuilder prog = new StringBuilder();
            for (JsonNode imp : row.path("imports")) prog.append(imp.asText()).append('\n');
            prog.append(row.get("snippet").asText());
            String input = row.get("input").asText();
            out.add(new SeedRequests(new ExecRequest.Validate(prog.toString(), input), new ExecRequest.CheckOutput(prog.toString(), input, output)));
        }
        return out;
    }
}
