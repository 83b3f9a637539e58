package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr score}: not built yet; another issue fills it in. */
@Command(name = "score", mixinStandardHelpOptions = true, description = "Print per-token log-probabilities of a token sequence.")
public final class ScoreCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr score: this capability is not built yet.");
        return 2;
    }
}
