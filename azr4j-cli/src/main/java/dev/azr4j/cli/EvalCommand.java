package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr eval}: not built yet; another issue fills it in. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a model on CRUXEval, program synthesis and math benchmarks.")
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr eval: this capability is not built yet.");
        return 2;
    }
}
