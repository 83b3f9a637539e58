package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr generate}: not built yet; another issue fills it in. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Sample a continuation from a model.")
public final class GenerateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr generate: this capability is not built yet.");
        return 2;
    }
}
