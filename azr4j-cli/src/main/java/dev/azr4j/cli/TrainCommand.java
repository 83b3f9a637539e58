package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr train}: not built yet; another issue fills it in. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model by Absolute Zero self-play.")
public final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr train: this capability is not built yet.");
        return 2;
    }
}
