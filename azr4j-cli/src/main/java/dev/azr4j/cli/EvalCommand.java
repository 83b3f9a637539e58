package dev.azr4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code azr eval}: not built yet (the evaluation issue fills it in). Whatever arguments it is given, it says
 * so in one line and exits 2, rather than complaining about the arguments.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a model on CRUXEval, program synthesis and math benchmarks. (not built yet)")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("azr eval: this capability is not built yet.");
        return 2;
    }
}
