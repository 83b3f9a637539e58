package dev.azr4j.bench;

import dev.azr4j.model.backend.CpuBackend;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of {@link CpuBackend}'s matmuls (the CLI's {@code azr bench matmul} is the quick one
 * with the peak estimate and the PyTorch comparison). Time per call; GFLOP/s = 2·m·n·k / time.
 * Run: {@code java --add-modules jdk.incubator.vector -jar azr4j-bench/target/benchmarks.jar MatmulBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {

    /** m x n x k of the call (C is m x n). */
    @Param({"1024x512x512", "1024x1536x512", "1024x512x1536", "16x1536x512"})
    public String shape;

    @Param({"transB", "plain", "transA"})
    public String variant;

    @Param({"0"})
    public int threads;

    private CpuBackend backend;
    private float[] a;
    private float[] b;
    private float[] c;
    private int m;
    private int n;
    private int k;

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = shape.split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        k = Integer.parseInt(dims[2]);
        backend = threads > 0 ? new CpuBackend(threads) : new CpuBackend();
        SplittableRandom rnd = new SplittableRandom(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public float[] matmul() {
        switch (variant) {
            case "transB" -> backend.matmulTransB(a, 0, b, 0, c, 0, m, n, k, false);
            case "plain" -> backend.matmul(a, 0, b, 0, c, 0, m, n, k, false);
            default -> backend.matmulTransA(a, 0, b, 0, c, 0, m, n, k, false);
        }
        return c;
    }
}
