package dev.azr4j.cli;

import dev.azr4j.cli.report.ComparePage;
import dev.azr4j.cli.report.ReportPage;
import dev.azr4j.cli.report.ReportServer;
import dev.azr4j.cli.report.RunSnapshot;
import dev.azr4j.core.UserException;
import dev.azr4j.core.run.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code azr report}: one self-contained HTML page of a run, read from its directory only
 * (learning curves, policy statistics, buffers, sizes, time, behaviours, samples, safety flags,
 * configuration). {@code --serve} serves it on 127.0.0.1 and the page reloads while the run goes on.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write an HTML report of a training run: one self-contained file that works offline.",
                "With --serve, serve it on 127.0.0.1 instead; the page reloads itself while the run goes on.",
                "With several runs (seeds, a control, ablations), one page compares them: their configurations'"
                        + " differences, their probe results and their curves overlaid (default --out: compare.html)."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN",
            description = "The run directory (written by azr train --out RUN); several runs are compared on one page.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the page (default: RUN/report.html; compare.html for several runs).")
    Path out;

    @Option(names = "--serve", description = "Serve the page on 127.0.0.1 until Ctrl-C, re-read from RUN on every load.")
    boolean serve;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8765",
            description = "Port of --serve (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    /** Released when a test (or anything embedding the command) wants --serve to return. */
    static volatile CountDownLatch serving;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter console = spec.commandLine().getOut();
        if (port < 0 || port > 65535) throw new UserException("--port " + port + " is not a port number (0 to 65535)");
        if (runs.size() > 1) return compare(console);
        Path run = runs.getFirst();
        if (serve) {
            if (out != null) throw new UserException("--out writes a file and --serve serves the page; give one of them");
            CountDownLatch stop = new CountDownLatch(1);
            serving = stop;
            try (ReportServer server = ReportServer.start(run, port)) {
                console.println("serving the report of " + run + " at " + server.url() + " (Ctrl-C to stop)");
                console.flush();
                stop.await();
            }
            return 0;
        }
        RunSnapshot snapshot = RunSnapshot.read(run);
        Path target = out != null ? out : run.resolve("report.html");
        if (Files.isDirectory(target)) throw new UserException("--out " + target + " is a directory; give a file name");
        AtomicFiles.writeString(target, ReportPage.render(snapshot, ReportPage.Mode.FILE));
        console.println("wrote " + target + " (" + snapshot.steps() + (snapshot.steps() == 1 ? " step" : " steps")
                + (snapshot.notes().isEmpty() ? "" : "; " + snapshot.notes().size() + " note(s) on what is missing") + ")");
        return 0;
    }

    private Integer compare(PrintWriter console) throws IOException {
        if (serve) throw new UserException("--serve serves the report of one run; write a comparison with --out instead");
        List<RunSnapshot> snapshots = new ArrayList<>();
        for (Path r : runs) snapshots.add(RunSnapshot.read(r));
        Path target = out != null ? out : Path.of("compare.html");
        if (Files.isDirectory(target)) throw new UserException("--out " + target + " is a directory; give a file name");
        AtomicFiles.writeString(target, ComparePage.render(snapshots));
        console.println("wrote " + target + " (" + runs.size() + " runs compared)");
        return 0;
    }
}
