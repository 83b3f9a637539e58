package dev.azr4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code azr} command: lists the subcommands. */
@Command(name = "azr",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "azr4j: Absolute Zero self-play reasoning on the JVM.",
        subcommands = {
                TrainCommand.class, EvalCommand.class, GenerateCommand.class, ScoreCommand.class,
                TokenizeCommand.class, ExecCommand.class, BenchCommand.class, ReportCommand.class, GrammarCommand.class,
                ProbesCommand.class, ServeCommand.class, ExportCommand.class, VersionCommand.class, CommandLine.HelpCommand.class
        })
public final class AzrCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show the stack trace of errors and debug log messages.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line: exit codes 0 ok, 2 user error, 1 internal error; errors are one line. */
    public static CommandLine commandLine() {
        return applyErrorHandling(new CommandLine(new AzrCommand()));
    }

    /**
     * Installs the error handling on {@code cl} and all its subcommands; call it again after
     * adding subcommands (picocli copies settings only to the subcommands present).
     */
    public static CommandLine applyErrorHandling(CommandLine cl) {
        ErrorHandler handler = new ErrorHandler();
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? ErrorHandler.USER_ERROR : ErrorHandler.INTERNAL_ERROR);
        cl.getCommandSpec().exitCodeOnInvalidInput(ErrorHandler.USER_ERROR);
        cl.getCommandSpec().exitCodeOnExecutionException(ErrorHandler.INTERNAL_ERROR);
        return cl;
    }
}
