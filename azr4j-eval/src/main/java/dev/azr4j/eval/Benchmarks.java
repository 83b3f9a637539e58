package dev.azr4j.eval;

import dev.azr4j.core.UserException;
import dev.azr4j.eval.data.BenchmarkData;
import dev.azr4j.eval.data.CruxTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The benchmarks by name, each read from its file. */
public final class Benchmarks {
    public static final List<String> NAMES = List.of("cruxeval-o", "cruxeval-i", "humaneval", "mbpp", "math", "probe");

    private Benchmarks() {}

    public static Benchmark load(String name, Path file) throws IOException {
        return switch (name) {
            case "cruxeval-o" -> new CruxevalBenchmark(name, BenchmarkData.cruxeval(file, CruxTask.OUTPUT), false);
            case "cruxeval-i" -> new CruxevalBenchmark(name, BenchmarkData.cruxeval(file, CruxTask.INPUT), false);
            case "probe" -> new CruxevalBenchmark(name, BenchmarkData.probes(file), true);
            case "humaneval" -> BenchmarkData.isEvalPlus(file)
                    ? new MbppBenchmark(name, BenchmarkData.humanevalPlus(file))
                    : new HumanEvalBenchmark(BenchmarkData.humaneval(file));
            case "mbpp" -> new MbppBenchmark(BenchmarkData.mbpp(file));
            case "math" -> new MathBenchmark(BenchmarkData.math(file));
            default -> throw new UserException("unknown benchmark '" + name + "'; known are " + String.join(", ", NAMES));
        };
    }
}
