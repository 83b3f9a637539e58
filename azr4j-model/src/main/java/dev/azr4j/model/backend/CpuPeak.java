package dev.azr4j.model.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's peak fp32 throughput, two ways:
 * <ul>
 *   <li><b>nominal</b>: cores × GHz × FMA pipes × 2 FLOP × fp32 lanes, with the clock and the
 *       instruction sets read from {@code /proc/cpuinfo} and the lane count from the Vector API's
 *       preferred species. The clock there is the base (or, under a hypervisor, the TSC) rate, not
 *       the boost clock, so the nominal peak can be below what the cores reach.</li>
 *   <li><b>measured</b>: a Vector API loop of independent FMAs (no memory traffic) on one thread,
 *       best of five trials, times the thread count: what a core reaches at the clock it actually
 *       runs (turbo), assuming every core can.</li>
 * </ul>
 * The larger of the two is the peak that matmul throughput is compared against.
 *
 * @param cpuModel       the "model name" line, or "unknown"
 * @param cores          threads used (the estimate scales with it)
 * @param ghz            clock from /proc/cpuinfo, 0 if unknown
 * @param vectorBits     width of the preferred float vector
 * @param fmaPipes       vector FMA instructions of that width retired per cycle per core (see {@link #fmaPipes})
 * @param isa            the widest vector instruction set found, e.g. "AVX-512F+FMA"
 * @param nominalGflops  cores × ghz × fmaPipes × 2 × lanes
 * @param measuredGflops the FMA loop's rate
 */
public record CpuPeak(String cpuModel, int cores, double ghz, int vectorBits, int fmaPipes, String isa,
                      double nominalGflops, double measuredGflops) {

    /** The peak matmul throughput is compared against: the larger estimate. */
    public double peakGflops() {
        return Math.max(nominalGflops, measuredGflops);
    }

    /** Estimates the peak for {@code threads} threads; takes about {@code measureMillis} to run the FMA loop. */
    public static CpuPeak estimate(int threads, long measureMillis) {
        List<String> info = readCpuInfo();
        String model = field(info, "model name");
        String vendor = field(info, "vendor_id");
        String family = field(info, "cpu family");
        String mhz = field(info, "cpu MHz");
        Set<String> flags = Set.of(field(info, "flags").split("\\s+"));
        double ghz = mhz.isEmpty() ? 0 : Double.parseDouble(mhz) / 1000.0;
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        String isa = flags.contains("avx512f") ? "AVX-512F" : flags.contains("avx2") ? "AVX2"
                : flags.contains("avx") ? "AVX" : flags.contains("sse2") ? "SSE2" : "unknown";
        if (flags.contains("fma")) isa += "+FMA";
        int pipes = fmaPipes(vendor, family, bits, flags.contains("fma") || !flags.contains("sse2"));
        int lanes = bits / 32;
        double nominal = threads * ghz * pipes * 2.0 * lanes;
        // One thread's rate times the thread count: on a shared machine one thread is far more
        // likely to get a core to itself for a moment than all of them at once.
        double measured = measureFmaGflops(1, measureMillis) * threads;
        return new CpuPeak(model.isEmpty() ? "unknown" : model, threads, ghz, bits, pipes, isa, nominal, measured);
    }

    /**
     * Vector FMAs of {@code vectorBits} width one core retires per cycle. Zen 4 (AMD family 25) runs
     * a 512-bit FMA on both of its 256-bit FMA pipes, so 1 per cycle; Zen 5 and Intel server cores
     * have two 512-bit FMA units; x86 cores with AVX2+FMA (Haswell on, Zen 2/3) two 256-bit ones.
     * Without FMA a multiply and an add count as one FMA on one pipe.
     */
    static int fmaPipes(String vendor, String family, int vectorBits, boolean hasFma) {
        if (!hasFma) return 1;
        if (vectorBits >= 512 && vendor.equals("AuthenticAMD")) {
            return family.equals("25") ? 1 : 2;
        }
        return 2;
    }

    private static List<String> readCpuInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static String field(List<String> lines, String name) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) return line.substring(colon + 1).trim();
        }
        return "";
    }

    /** Runs the FMA loop on {@code threads} threads at once and returns their combined GFLOP/s. */
    static double measureFmaGflops(int threads, long millis) {
        double[] rates = new double[threads];
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                float sink = 0;
                for (int w = 0; w < 300; w++) sink += fmaLoop(10_000); // let C2 compile it first
                // Best of several short trials: a trial slowed by another process does not count.
                long trialNanos = Math.max(1, millis / 5) * 1_000_000L;
                double best = 0;
                for (int trial = 0; trial < 5; trial++) {
                    long start = System.nanoTime();
                    long count = 0;
                    do {
                        sink += fmaLoop(50_000);
                        count += 50_000;
                    } while (System.nanoTime() - start < trialNanos);
                    best = Math.max(best, count * ACCUMULATORS * 2.0 * S.length() / (System.nanoTime() - start));
                }
                rates[id] = best + (sink == 42f ? 1e-9 : 0);
            }, "fma-peak-" + t);
            running.add(th);
            th.start();
        }
        double total = 0;
        for (int t = 0; t < threads; t++) {
            try {
                running.get(t).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            total += rates[t];
        }
        return total;
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 12;

    /** {@code iterations} rounds of 12 independent FMAs (enough to cover the FMA latency on any core). */
    private static float fmaLoop(int iterations) {
        FloatVector x = FloatVector.broadcast(S, 0.999999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
            a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
            a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return s.lane(0);
    }

    /** One line for humans. */
    public String describe() {
        return String.format(Locale.ROOT,
                "%s, %d core(s), %s, %d-bit vectors: nominal %.1f GFLOP/s (%d × %.2f GHz × %d FMA/cycle × 2 × %d lanes), "
                        + "measured FMA loop %.1f GFLOP/s (one thread's rate × %d)",
                cpuModel, cores, isa, vectorBits, nominalGflops, cores, ghz, fmaPipes, vectorBits / 32, measuredGflops, cores);
    }
}
