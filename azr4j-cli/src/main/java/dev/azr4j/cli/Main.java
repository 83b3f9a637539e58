package dev.azr4j.cli;

import picocli.CommandLine;

/** Entry point of the {@code azr} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 internal error, 2 user error). */
    public static int run(String... args) {
        return AzrCommand.commandLine().execute(args);
    }
}
