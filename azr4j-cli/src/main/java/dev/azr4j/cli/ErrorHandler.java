package dev.azr4j.cli;

import dev.azr4j.core.UserException;
import dev.azr4j.core.config.Suggestions;
import dev.azr4j.model.io.CheckpointException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr and an exit code: 2 for what the user can fix
 * (bad arguments, configuration, missing or malformed files), 1 for internal errors. With
 * {@code --debug} the stack trace is printed first.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        return report(ex, cl, debugRequested(parseResult));
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        if (Arrays.asList(args).contains("--debug")) ex.printStackTrace(err);
        String who = cl.getCommandSpec().qualifiedName();
        String problem = ex instanceof UnmatchedArgumentException u ? unmatched(u, cl) : oneLine(ex.getMessage()).replaceAll("\\.$", "");
        err.println(who + ": " + problem + "; see '" + who + " --help'");
        err.flush();
        return USER_ERROR;
    }

    /** Prints one line for {@code t} (the stack trace first if {@code debug}) and returns the exit code. */
    static int report(Throwable t, CommandLine cl, boolean debug) {
        PrintWriter err = cl.getErr();
        String who = cl.getCommandSpec().qualifiedName();
        if (debug) t.printStackTrace(err);
        Optional<String> user = userMessage(t);
        int code;
        if (user.isPresent()) {
            err.println(who + ": " + user.get());
            code = USER_ERROR;
        } else {
            err.println(who + ": internal error: " + describe(t)
                    + (debug ? "" : " (run again with --debug to see the stack trace)"));
            code = INTERNAL_ERROR;
        }
        err.flush();
        return code;
    }

    /** The one-line message of the first user-fixable failure in the cause chain, if any. */
    static Optional<String> userMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String msg = switch (c) {
                case UserException u -> oneLine(u.getMessage());
                case CheckpointException ce -> oneLine(ce.getMessage());
                case dev.azr4j.model.grammar.GrammarException ge -> oneLine(ge.getMessage());
                case NoSuchFileException e -> "no such file or directory: " + e.getFile();
                case AccessDeniedException e -> "permission denied: " + e.getFile();
                case NotDirectoryException e -> "not a directory: " + e.getFile();
                case FileAlreadyExistsException e -> "already exists: " + e.getFile();
                case NoClassDefFoundError e when String.valueOf(e.getMessage()).startsWith("jdk/incubator/vector/") ->
                        "the engine needs the JDK's vector module: run java with --add-modules jdk.incubator.vector"
                                + " (bin/azr does), or use bin/azr";
                default -> null;
            };
            if (msg != null) return Optional.of(msg);
        }
        return Optional.empty();
    }

    private static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more heap, e.g. AZR_JAVA_OPTS=-Xmx16g, or use a smaller preset";
        }
        if (t instanceof FileSystemException fse) return oneLine(fse.getMessage());
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + oneLine(msg));
    }

    private static String unmatched(UnmatchedArgumentException u, CommandLine cl) {
        String arg = u.getUnmatched().isEmpty() ? "?" : u.getUnmatched().getFirst();
        if (arg.startsWith("-")) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            List<String> options = new ArrayList<>(cl.getCommandSpec().optionsMap().keySet());
            return "unknown option '" + name + "'" + suggestion(name, options);
        }
        if (!cl.getSubcommands().isEmpty() && cl.getCommandSpec().positionalParameters().isEmpty()) {
            return "unknown command '" + arg + "'" + suggestion(arg, new ArrayList<>(cl.getSubcommands().keySet()));
        }
        return "unexpected argument '" + arg + "'";
    }

    private static String suggestion(String wrong, List<String> candidates) {
        return Suggestions.closest(wrong, candidates)
                .filter(s -> Suggestions.distance(wrong, s) <= Math.max(2, wrong.length() / 3))
                .map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    private static boolean debugRequested(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) return true;
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
