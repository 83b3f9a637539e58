package dev.azr4j.cli;

import dev.azr4j.core.UserException;
import dev.azr4j.core.probe.ProbeBaselines;
import dev.azr4j.core.probe.ProbeBuilder;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code azr probes}: azr4j's balanced probe sets — build one, or print what tricks score on one. */
@Command(name = "probes", mixinStandardHelpOptions = true,
        description = "Balanced probe sets (CRUXEval format with a task field): build one, or print its trick baselines.",
        subcommands = {ProbesCommand.Build.class, ProbesCommand.Baselines.class})
public final class ProbesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static PythonExecutor executor(String python) {
        try {
            return PythonExecutor.start(ExecutorOptions.defaults().withPython(python));
        } catch (ExecutorUnavailableException e) {
            throw new UserException(e.getMessage());
        }
    }

    static void print(PrintWriter out, List<ProbeBaselines.Baseline> baselines) {
        out.printf("%-8s %6s %14s  %-20s %8s%n", "task", "items", "best constant", "(answer)", "copy");
        for (ProbeBaselines.Baseline b : baselines) {
            out.printf("%-8s %6d %13.1f%%  %-20s %7.1f%%%n", b.task(), b.items(), 100 * b.bestConstant(),
                    abbreviate(b.bestConstantAnswer()), 100 * b.copy());
        }
        out.flush();
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 17) + "...";
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Generate a balanced probe set with the executor and write it as JSON lines; the defaults rebuild the shipped set.")
    static final class Build implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, description = "The JSON-lines file to write.")
        Path out;

        @Option(names = "--per-task", description = "Items per task kind: output, input, program (default: ${DEFAULT-VALUE}).", defaultValue = "200")
        int perTask;

        @Option(names = "--max-share", description = "Largest share of items one constant answer may solve (default: ${DEFAULT-VALUE}).", defaultValue = "0.02")
        double maxShare;

        @Option(names = "--max-copy-share", description = "Largest share of items the copy heuristic may solve (default: ${DEFAULT-VALUE}).", defaultValue = "0.10")
        double maxCopyShare;

        @Option(names = "--seed", description = "Seed of the program generator (default: ${DEFAULT-VALUE}).", defaultValue = "20261201")
        long seed;

        @Option(names = "--max-ops", description = "Longest chain of operations in a program (default: ${DEFAULT-VALUE}).", defaultValue = "2")
        int maxOps;

        @Option(names = "--python", description = "Python 3.10+ interpreter for the executor (default: ${DEFAULT-VALUE}).", defaultValue = "python3")
        String python;

        @Override
        public Integer call() throws IOException {
            ProbeBuilder.Settings settings;
            try {
                settings = new ProbeBuilder.Settings(perTask, maxShare, maxCopyShare, seed, maxOps, 6);
            } catch (IllegalArgumentException e) {
                throw new UserException("azr probes build: " + e.getMessage());
            }
            PrintWriter o = spec.commandLine().getOut();
            try (PythonExecutor exec = executor(python)) {
                List<ProbeItem> items = new ProbeBuilder(settings, exec).build();
                ProbeFiles.write(out, items);
                o.println("wrote " + items.size() + " probe items to " + out);
                print(o, ProbeBaselines.measure(items, exec));
            }
            return 0;
        }
    }

    @Command(name = "baselines", mixinStandardHelpOptions = true,
            description = "Print the best constant answer and the copy heuristic of a probe set (default: the shipped one).")
    static final class Baselines implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "FILE", description = "A probe file (JSON lines); the shipped set when omitted.")
        Path file;

        @Option(names = "--python", description = "Python 3.10+ interpreter for the executor (default: ${DEFAULT-VALUE}).", defaultValue = "python3")
        String python;

        @Override
        public Integer call() {
            List<ProbeItem> items = file == null ? ProbeFiles.builtin() : ProbeFiles.read(file);
            try (PythonExecutor exec = executor(python)) {
                print(spec.commandLine().getOut(), ProbeBaselines.measure(items, exec));
            }
            return 0;
        }
    }
}
