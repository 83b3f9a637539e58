package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr bench matmul}: not built yet; another issue fills it in. */
@Command(name = "matmul", mixinStandardHelpOptions = true, description = "GFLOP/s of the matrix multiplications of transformer shapes.")
public final class BenchMatmulCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr bench matmul: this capability is not built yet.");
        return 2;
    }
}
