package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr bench train}: not built yet; another issue fills it in. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Tokens/s of a training step (forward, backward, AdamW).")
public final class BenchTrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr bench train: this capability is not built yet.");
        return 2;
    }
}
