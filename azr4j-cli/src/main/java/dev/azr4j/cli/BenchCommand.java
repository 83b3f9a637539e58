package dev.azr4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code azr bench}: speed measurements of the engine; one subcommand per measurement. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the speed of the engine (matmul, train, decode, grammar).",
        subcommands = {BenchMatmulCommand.class, BenchTrainCommand.class, BenchDecodeCommand.class, BenchGrammarCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
