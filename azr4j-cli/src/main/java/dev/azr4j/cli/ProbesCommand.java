package dev.azr4j.cli;

import dev.azr4j.core.UserException;
import dev.azr4j.core.probe.ProbeBaselines;
import dev.azr4j.core.probe.ProbeBuilder;
import dev.azr4j.core.probe.ProbeFiles;
import dev.azr4j.core.probe.ProbeItem;
import dev.azr4j.eval.probe.GeneralizationProbes;
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
            description = "Generate a balanced probe set with the executor and write it as JSON lines; the defaults rebuild the shipped"
                    + " set named by --set.")
    static final class Build implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, description = "The JSON-lines file to write.")
        Path out;

        @Option(names = "--set", paramLabel = "NAME", defaultValue = "v1",
                description = "v1 (in distribution: the environment's generator), or a generalization set written apart from it:"
                        + " shifted, compositional, multiline (default: ${DEFAULT-VALUE}).")
        String set;

        @Option(names = "--per-task", description = "Items per task kind: output, input, program (default: 200 for v1, 100 for the others).")
        Integer perTask;

        @Option(names = "--max-share", description = "Largest share of items one constant answer may solve (default: 0.02 for v1, 0.03 for the others).")
        Double maxShare;

        @Option(names = "--max-copy-share", description = "Largest share of items the copy heuristic may solve (default: ${DEFAULT-VALUE}).", defaultValue = "0.10")
        double maxCopyShare;

        @Option(names = "--seed", description = "Seed of the program generator (default: the shipped set's).")
        Long seed;

        @Option(names = "--max-ops", description = "v1 only: longest chain of operations in a program (default: ${DEFAULT-VALUE}).", defaultValue = "2")
        int maxOps;

        @Option(names = "--baselines", paramLabel = "FILE", description = "Also write the baselines as JSON (the form stored beside a shipped set).")
        Path baselinesFile;

        @Option(names = "--python", description = "Python 3.10+ interpreter for the executor (default: ${DEFAULT-VALUE}).", defaultValue = "python3")
        String python;

        @Override
        public Integer call() throws IOException {
            GeneralizationProbes.Kind kind = set.equals("v1") || set.equals(ProbeFiles.DEFAULT) ? null : GeneralizationProbes.Kind.parse(set);
            if (kind == null && !(set.equals("v1") || set.equals(ProbeFiles.DEFAULT)))
                throw new UserException("azr probes build: --set must be v1, shifted, compositional or multiline, got '" + set + "'");
            PrintWriter o = spec.commandLine().getOut();
            try (PythonExecutor exec = executor(python)) {
                List<ProbeItem> items;
                try {
                    if (kind == null) {
                        ProbeBuilder.Settings d = ProbeBuilder.Settings.defaults();
                        items = new ProbeBuilder(new ProbeBuilder.Settings(perTask != null ? perTask : d.perTask(),
                                maxShare != null ? maxShare : d.maxShare(), maxCopyShare, seed != null ? seed : d.seed(), maxOps, 6), exec).build();
                    } else {
                        GeneralizationProbes.Settings d = GeneralizationProbes.Settings.defaults(kind);
                        items = new GeneralizationProbes(new GeneralizationProbes.Settings(kind, perTask != null ? perTask : d.perTask(),
                                maxShare != null ? maxShare : d.maxShare(), maxCopyShare, seed != null ? seed : d.seed(), d.pairs()), exec).build();
                    }
                } catch (IllegalArgumentException e) {
                    throw new UserException("azr probes build: " + e.getMessage());
                }
                ProbeFiles.write(out, items);
                o.println("wrote " + items.size() + " probe items to " + out);
                List<ProbeBaselines.Baseline> baselines = ProbeBaselines.measure(items, exec);
                print(o, baselines);
                if (baselinesFile != null) {
                    StringBuilder json = new StringBuilder("[\n");
                    for (int i = 0; i < baselines.size(); i++) {
                        ProbeBaselines.Baseline b = baselines.get(i);
                        json.append(String.format(java.util.Locale.ROOT, "  {\"task\": \"%s\", \"items\": %d, \"best_constant\": %.2f, \"copy\": %.2f}%s%n",
                                b.task(), b.items(), b.bestConstant(), b.copy(), i + 1 < baselines.size() ? "," : ""));
                    }
                    dev.azr4j.core.run.AtomicFiles.writeString(baselinesFile, json.append("]\n").toString());
                    o.println("wrote the baselines to " + baselinesFile);
                }
            }
            return 0;
        }
    }

    @Command(name = "baselines", mixinStandardHelpOptions = true,
            description = "Print the best constant answer and the copy heuristic of a probe set (default: the shipped one).")
    static final class Baselines implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "FILE|NAME",
                description = "A probe file (JSON lines) or the name of a shipped set (probes-v1, probes-shifted-v1, probes-compositional-v1,"
                        + " probes-multiline-v1); probes-v1 when omitted.")
        String file;

        @Option(names = "--python", description = "Python 3.10+ interpreter for the executor (default: ${DEFAULT-VALUE}).", defaultValue = "python3")
        String python;

        @Override
        public Integer call() {
            List<ProbeItem> items = file == null ? ProbeFiles.builtin()
                    : ProbeFiles.isShipped(file) ? ProbeFiles.shipped(file) : ProbeFiles.read(Path.of(file));
            try (PythonExecutor exec = executor(python)) {
                print(spec.commandLine().getOut(), ProbeBaselines.measure(items, exec));
            }
            return 0;
        }
    }
}
