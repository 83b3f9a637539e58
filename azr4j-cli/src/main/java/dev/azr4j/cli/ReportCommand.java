package dev.azr4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code azr report}: not built yet (the report issue fills it in). Whatever arguments it is given, it says
 * so in one line and exits 2, rather than complaining about the arguments.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write an HTML report of a training run. (not built yet)")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("azr report: this capability is not built yet.");
        return 2;
    }
}
