package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr report}: not built yet; another issue fills it in. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write an HTML report of a training run.")
public final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr report: this capability is not built yet.");
        return 2;
    }
}
