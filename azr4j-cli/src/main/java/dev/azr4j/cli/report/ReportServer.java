package dev.azr4j.cli.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.azr4j.core.UserException;

/**
 * Serves the report of a run on the loopback interface only (the JDK's HTTP server): {@code /} is
 * the page, rendered afresh from the run directory on every request; {@code /stamp} a short text
 * that changes whenever the run's files do, which the page polls to reload itself while the run
 * goes on. Nothing else is served.
 */
public final class ReportServer implements AutoCloseable {
    /** How often the live page asks whether the run has changed. */
    public static final int POLL_MS = 3000;

    private final HttpServer server;
    private final ExecutorService threads;
    private final Path run;

    private ReportServer(HttpServer server, ExecutorService threads, Path run) {
        this.server = server;
        this.threads = threads;
        this.run = run;
    }

    /** Starts serving {@code run} on 127.0.0.1:{@code port} (0: any free port). */
    public static ReportServer start(Path run, int port) throws IOException {
        RunSnapshot.read(run);   // a path that is no run is refused before anything listens
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new UserException("cannot serve on 127.0.0.1:" + port + " (" + e.getMessage() + "); choose another --port");
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "azr-report-http");
            t.setDaemon(true);
            return t;
        });
        ReportServer s = new ReportServer(server, threads, run);
        server.setExecutor(threads);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain", "only GET\n");
            } else if (path.equals("/") || path.equals("/index.html") || path.equals("/report.html")) {
                String stamp = stamp(run);
                String page;
                try {
                    page = ReportPage.render(RunSnapshot.read(run), new ReportPage.Mode(true, stamp, POLL_MS));
                } catch (UserException e) {
                    send(ex, 404, "text/plain", e.getMessage() + "\n");
                    return;
                }
                send(ex, 200, "text/html; charset=utf-8", page);
            } else if (path.equals("/stamp")) {
                send(ex, 200, "text/plain; charset=utf-8", stamp(run));
            } else {
                send(ex, 404, "text/plain", "not found\n");
            }
        } catch (IOException | RuntimeException e) {
            // a broken connection or an unreadable run file: this request fails, the server goes on
            org.slf4j.LoggerFactory.getLogger(ReportServer.class).warn("report request failed: {}", e.toString());
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

    /** Sizes and modification times of the files the page is made of: changes when the run writes. */
    static String stamp(Path run) {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"metrics.jsonl", "flags.jsonl", "config.yaml", "samples", "buffers", "checkpoints"}) {
            Path p = run.resolve(name);
            try {
                b.append(name).append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis()).append(';');
            } catch (IOException e) {
                b.append(name).append(":-;");
            }
        }
        return Integer.toHexString(b.toString().hashCode());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
