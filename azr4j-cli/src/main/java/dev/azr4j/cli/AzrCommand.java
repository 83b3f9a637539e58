package dev.azr4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code azr} command: lists the subcommands. */
@Command(name = "azr",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "azr4j: Absolute Zero self-play reasoning on the JVM.",
        subcommands = {
                TrainCommand.class, EvalCommand.class, GenerateCommand.class, ScoreCommand.class,
                TokenizeCommand.class, ExecCommand.class, BenchCommand.class, ReportCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class
        })
public final class AzrCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line: exit codes 0 ok, 2 user error, 1 internal error. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AzrCommand());
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? 2 : 1);
        cl.getCommandSpec().exitCodeOnInvalidInput(2);
        return cl;
    }
}
