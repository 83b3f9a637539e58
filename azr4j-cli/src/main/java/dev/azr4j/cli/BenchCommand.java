package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr bench}: not built yet; another issue fills it in. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the speed of the engine (matmul, train, decode).")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr bench: this capability is not built yet.");
        return 2;
    }
}
