package dev.azr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.backend.CpuPeak;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code azr bench matmul}: GFLOP/s of {@link CpuBackend}'s three matmul variants on the shapes of
 * a transformer's linear layers (training: tokens = batch × seq; decoding: a few rows), next to the
 * machine's estimated peak. Each linear layer Y[T×out] = X[T×in]·Wᵀ gives three calls: the forward
 * pass ({@code matmulTransB}), the input gradient dX = dY·W ({@code matmul}) and the weight gradient
 * dW = dYᵀ·X ({@code matmulTransA}), all 2·T·out·in FLOP.
 */
@Command(name = "matmul", mixinStandardHelpOptions = true,
        description = "GFLOP/s of the matrix multiplications of transformer shapes.")
public final class BenchMatmulCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", description = "Threads (default: all processors).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--m", description = "A single custom shape: rows of C (with --n and --k).")
    Integer m;
    @Option(names = "--n", description = "A single custom shape: columns of C.")
    Integer n;
    @Option(names = "--k", description = "A single custom shape: depth of the product.")
    Integer k;

    @Option(names = "--batch", defaultValue = "4", description = "Sequences per training batch (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--seq", defaultValue = "256", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int seq;
    @Option(names = "--d-model", defaultValue = "512", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int dModel;
    @Option(names = "--ffn", defaultValue = "1536", description = "MLP intermediate size (default: ${DEFAULT-VALUE}).")
    int ffn;
    @Option(names = "--vocab", defaultValue = "272", description = "Vocabulary size (default: ${DEFAULT-VALUE}, the byte tokenizer).")
    int vocab;
    @Option(names = "--decode-rows", defaultValue = "16", description = "Rows of the decoding shapes (default: ${DEFAULT-VALUE}).")
    int decodeRows;

    @Option(names = "--variants", split = ",", defaultValue = "transB,plain,transA",
            description = "Variants to measure: transB (forward), plain (input gradient), transA (weight gradient).")
    List<String> variants;

    @Option(names = "--min-time-ms", defaultValue = "800", description = "Timed milliseconds per measurement (default: ${DEFAULT-VALUE}).")
    long minTimeMs;

    /** One measured call shape. */
    record Case(String layer, String variant, int m, int n, int k) {
        long flops() {
            return 2L * m * n * k;
        }
    }

    record Result(Case shape, double bestGflops, double medianGflops, double bestMillis) {}

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) return fail(err, "--threads must be >= 1, got " + t);
        for (String v : variants) {
            if (!List.of("transB", "plain", "transA").contains(v)) {
                return fail(err, "unknown variant '" + v + "' in --variants (expected transB, plain, transA)");
            }
        }
        List<Case> cases;
        if (m != null || n != null || k != null) {
            if (m == null || n == null || k == null) return fail(err, "--m, --n and --k must be given together");
            if (m < 1 || n < 1 || k < 1) return fail(err, "--m, --n and --k must be >= 1");
            cases = new ArrayList<>();
            for (String v : variants) cases.add(new Case("custom", v, m, n, k));
        } else {
            if (batch < 1 || seq < 1 || dModel < 1 || ffn < 1 || vocab < 1 || decodeRows < 1) {
                return fail(err, "--batch, --seq, --d-model, --ffn, --vocab and --decode-rows must be >= 1");
            }
            cases = transformerCases();
        }
        if (minTimeMs < 1) return fail(err, "--min-time-ms must be >= 1");

        PrintWriter out = spec.commandLine().getOut();
        CpuPeak peak = CpuPeak.estimate(t, 500);
        List<Result> results = new ArrayList<>();
        try (CpuBackend backend = new CpuBackend(t)) {
            if (!json) {
                out.println("backend: " + backend.describe());
                out.println("peak:    " + peak.describe());
                out.printf(Locale.ROOT, "%-10s %-7s %6s %6s %6s %10s %10s %7s%n",
                        "layer", "variant", "m", "n", "k", "GFLOP/s", "median", "% peak");
                out.flush();
            }
            for (Case c : cases) {
                Result r = measure(backend, c);
                results.add(r);
                if (!json) {
                    out.printf(Locale.ROOT, "%-10s %-7s %6d %6d %6d %10.1f %10.1f %6.1f%%%n", c.layer(), c.variant(),
                            c.m(), c.n(), c.k(), r.bestGflops(), r.medianGflops(), 100 * r.bestGflops() / peak.peakGflops());
                    out.flush();
                }
            }
            if (json) out.println(toJson(backend, peak, results));
        }
        out.flush();
        return 0;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("azr bench matmul: " + message);
        err.flush();
        return 2;
    }

    /** Forward, input-gradient and weight-gradient calls of each linear layer, training then decoding. */
    private List<Case> transformerCases() {
        int tokens = batch * seq;
        int[][] layers = {{dModel, dModel}, {ffn, dModel}, {dModel, ffn}, {vocab, dModel}};
        String[] names = {"attn", "mlp-up", "mlp-down", "lm-head"};
        List<Case> out = new ArrayList<>();
        for (int rows : new int[] {tokens, decodeRows}) {
            for (int l = 0; l < layers.length; l++) {
                int outF = layers[l][0], inF = layers[l][1];
                String name = names[l] + (rows == tokens ? "" : "@" + rows);
                for (String v : variants) {
                    out.add(switch (v) {
                        case "transB" -> new Case(name, v, rows, outF, inF);
                        case "plain" -> new Case(name, v, rows, inF, outF);
                        default -> new Case(name, v, outF, inF, rows);
                    });
                }
            }
        }
        return out;
    }

    /** Warms up, then times batches of calls of ~1/8 of the budget each; reports the best and median batch. */
    private Result measure(Backend backend, Case c) {
        SplittableRandom rnd = new SplittableRandom(c.m() * 31L + c.n() * 17L + c.k());
        float[] a = random(rnd, c.m() * c.k());
        float[] b = random(rnd, c.k() * c.n());
        float[] out = new float[c.m() * c.n()];
        Runnable call = switch (c.variant()) {
            case "transB" -> () -> backend.matmulTransB(a, 0, b, 0, out, 0, c.m(), c.n(), c.k(), false);
            case "plain" -> () -> backend.matmul(a, 0, b, 0, out, 0, c.m(), c.n(), c.k(), false);
            default -> () -> backend.matmulTransA(a, 0, b, 0, out, 0, c.m(), c.n(), c.k(), false);
        };
        long warmEnd = System.nanoTime() + Math.max(200, minTimeMs / 2) * 1_000_000L;
        int calls = 0;
        long t0 = System.nanoTime();
        do {
            call.run();
            calls++;
        } while (System.nanoTime() < warmEnd || calls < 3);
        double perCall = (System.nanoTime() - t0) / (double) calls;
        int repsPerBatch = (int) Math.max(1, Math.min(1_000_000, minTimeMs * 1e6 / 8 / perCall));
        List<Double> batchNanos = new ArrayList<>();
        long end = System.nanoTime() + minTimeMs * 1_000_000L;
        while (batchNanos.size() < 3 || System.nanoTime() < end) {
            long s = System.nanoTime();
            for (int r = 0; r < repsPerBatch; r++) call.run();
            batchNanos.add((System.nanoTime() - s) / (double) repsPerBatch);
        }
        double[] sorted = batchNanos.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double best = sorted[0];
        double median = sorted[sorted.length / 2];
        return new Result(c, c.flops() / best, c.flops() / median, best / 1e6);
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    private String toJson(Backend backend, CpuPeak peak, List<Result> results) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("benchmark", "matmul");
        root.put("backend", backend.describe());
        root.put("threads", backend.threads());
        ObjectNode p = root.putObject("peak");
        p.put("cpu_model", peak.cpuModel());
        p.put("isa", peak.isa());
        p.put("ghz", peak.ghz());
        p.put("vector_bits", peak.vectorBits());
        p.put("fma_per_cycle", peak.fmaPipes());
        p.put("nominal_gflops", round(peak.nominalGflops()));
        p.put("measured_fma_gflops", round(peak.measuredGflops()));
        p.put("peak_gflops", round(peak.peakGflops()));
        ArrayNode rows = root.putArray("results");
        for (Result r : results) {
            ObjectNode o = rows.addObject();
            o.put("layer", r.shape().layer());
            o.put("variant", r.shape().variant());
            o.put("m", r.shape().m());
            o.put("n", r.shape().n());
            o.put("k", r.shape().k());
            o.put("gflops", round(r.bestGflops()));
            o.put("gflops_median", round(r.medianGflops()));
            o.put("best_ms", Math.round(r.bestMillis() * 1000) / 1000.0);
            o.put("percent_of_peak", round(100 * r.bestGflops() / peak.peakGflops()));
        }
        return root.toString();
    }

    private static double round(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
