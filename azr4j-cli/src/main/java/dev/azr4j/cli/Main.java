package dev.azr4j.cli;

import dev.azr4j.model.backend.CpuBackend;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of the {@code azr} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs the command line and returns the exit code (0 ok, 1 internal error, 2 user error). */
    public static int run(String... args) {
        return run(AzrCommand.commandLine(), args);
    }

    /** As {@link #run(String...)}, writing to {@code out} and {@code err} (used by tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = AzrCommand.commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return run(cl, args);
    }

    /**
     * Runs {@code args} on a configured command line. A bad engine option of the JVM
     * ({@code -Dazr4j.gemm.rows}) ends as one line and exit code 2 before anything runs; errors that
     * escape picocli (an {@link OutOfMemoryError} in a command, say) as one line and exit code 1.
     */
    public static int run(CommandLine cl, String... args) {
        if (Arrays.asList(args).contains("--debug")) {
            // read by slf4j-simple when the first logger is created
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        try {
            CpuBackend.checkOptions();
        } catch (IllegalArgumentException e) {
            cl.getErr().println("azr: " + e.getMessage() + " (a JVM option, e.g. in AZR_JAVA_OPTS)");
            cl.getErr().flush();
            return ErrorHandler.USER_ERROR;
        }
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            return ErrorHandler.report(t, cl, Arrays.asList(args).contains("--debug"));
        }
    }
}
