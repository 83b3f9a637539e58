package dev.azr4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecError;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.Grading;
import dev.azr4j.executor.IoPair;
import dev.azr4j.executor.PythonExecutor;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code azr exec}: the sandboxed executor over JSON lines. Requests are read from stdin and run
 * concurrently on the worker pool; answers are written one line per request, in request order.
 */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run the sandboxed Python executor over JSON-lines requests on stdin; one JSON line per request on stdout, in order.",
                "Request: {\"id\": any, \"op\": \"run\"|\"validate\"|\"check_output\"|\"check_input\"|\"check_program\", "
                        + "\"program\": str, \"input\": str, \"output\": str, \"predicted\": str, \"pairs\": [{\"input\": str, \"output\": str}], "
                        + "\"grading\": \"strict\" (default: the answer must be a value)|\"lenient\" (check_*), \"reference\": str (check_program, optional)}",
                "Answer: {\"id\", \"ok\", \"output\", \"passed\", \"total\", \"error\": null|{\"kind\", \"message\", \"reason\" (kind rejected: why the answer is not a value)}, \"millis\"}"})
public final class ExecCommand implements Callable<Integer> {
    @Option(names = "--workers", description = "Worker processes (default: number of cores).")
    Integer workers;

    @Option(names = "--timeout-ms", description = "Wall-clock limit of one request in ms (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
    long timeoutMs;

    @Option(names = "--memory-mb", description = "Address-space limit of a worker in MiB (default: ${DEFAULT-VALUE}).", defaultValue = "1024")
    int memoryMb;

    @Option(names = "--python", description = "Python 3.10+ interpreter (default: ${DEFAULT-VALUE}).", defaultValue = "python3")
    String python;

    @Option(names = "--describe-isolation", description = "Print the active isolation layers to stderr before reading requests.")
    boolean describeIsolation;

    private final InputStream in;
    private final OutputStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();

    public ExecCommand() {
        this(System.in, System.out, System.err);
    }

    /** For tests and embedding: explicit streams. */
    public ExecCommand(InputStream in, OutputStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        ExecutorOptions options = ExecutorOptions.defaults().withTimeoutMs(timeoutMs).withMemoryMb(memoryMb).withPython(python);
        if (workers != null) options = options.withWorkers(workers);
        PythonExecutor executor;
        try {
            executor = PythonExecutor.start(options);
        } catch (ExecutorUnavailableException e) {
            err.println("azr exec: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("azr exec: " + e.getMessage());
            return 2;
        }
        try (executor) {
            if (describeIsolation) err.println(executor.describeIsolation());
            serve(executor, options.workers() * 8);
            return 0;
        } catch (UncheckedIOException e) {
            err.println("azr exec: " + e.getCause().getMessage());
            return 1;
        }
    }

    private record Pending(JsonNode id, CompletableFuture<ExecResult> result) {}

    private static final Pending END = new Pending(null, null);

    /** Reads requests and submits them; a writer thread answers in order. At most {@code window} are in flight. */
    private void serve(PythonExecutor executor, int window) {
        BlockingQueue<Pending> inFlight = new ArrayBlockingQueue<>(window);
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        Thread answering = Thread.ofPlatform().name("azr-exec-writer").start(() -> answer(inFlight, writer));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                Pending p = parse(line, executor);
                put(inFlight, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            put(inFlight, END);
            try {
                answering.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void put(BlockingQueue<Pending> q, Pending p) {
        try {
            q.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(BlockingQueue<Pending> inFlight, BufferedWriter writer) {
        try {
            while (true) {
                Pending p = inFlight.take();
                if (p == END) break;
                writer.write(json.writeValueAsString(response(p.id(), p.result().join())));
                writer.newLine();
                if (inFlight.isEmpty()) writer.flush();
            }
            writer.flush();
        } catch (IOException e) {
            err.println("azr exec: cannot write to stdout: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Pending parse(String line, PythonExecutor executor) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (IOException e) {
            return bad(NullNode.getInstance(), "the line is not JSON");
        }
        if (node == null || !node.isObject()) return bad(NullNode.getInstance(), "the line is not a JSON object");
        JsonNode id = node.has("id") ? node.get("id") : NullNode.getInstance();
        String op = node.path("op").asText("");
        try {
            ExecRequest request = switch (op) {
                case "run" -> new ExecRequest.Run(text(node, "program"), text(node, "input"));
                case "validate" -> new ExecRequest.Validate(text(node, "program"), text(node, "input"));
                case "check_output" -> new ExecRequest.CheckOutput(text(node, "program"), text(node, "input"), text(node, "predicted"), grading(node));
                case "check_input" -> new ExecRequest.CheckInput(text(node, "program"), text(node, "output"), text(node, "predicted"), grading(node));
                case "check_program" -> new ExecRequest.CheckProgram(text(node, "program"), pairs(node), optionalText(node, "reference"));
                default -> throw new BadRequest(node.has("op") ? "unknown op '" + op
                        + "' (expected run, validate, check_output, check_input or check_program)" : "the request has no \"op\"");
            };
            return new Pending(id, executor.submit(request));
        } catch (BadRequest e) {
            return bad(id, e.getMessage());
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** The optional "grading" field: "strict" (the default) or "lenient". */
    private static Grading grading(JsonNode node) {
        JsonNode v = node.get("grading");
        if (v == null || v.isNull()) return Grading.STRICT;
        for (Grading g : Grading.values()) {
            if (v.isTextual() && g.id().equals(v.asText())) return g;
        }
        throw new BadRequest("\"grading\" must be \"strict\" or \"lenient\"");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new BadRequest("\"" + field + "\" must be a string for op " + node.path("op").asText());
        return v.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : text(node, field);
    }

    private static List<IoPair> pairs(JsonNode node) {
        JsonNode arr = node.get("pairs");
        if (arr == null || !arr.isArray() || arr.isEmpty()) throw new BadRequest("\"pairs\" must be a non-empty array of {\"input\": str, \"output\": str}");
        List<IoPair> pairs = new ArrayList<>();
        for (JsonNode p : arr) {
            if (!p.isObject() || !p.path("input").isTextual() || !p.path("output").isTextual()) {
                throw new BadRequest("each pair must be {\"input\": str, \"output\": str}");
            }
            pairs.add(new IoPair(p.get("input").asText(), p.get("output").asText()));
        }
        return pairs;
    }

    private static Pending bad(JsonNode id, String message) {
        return new Pending(id, CompletableFuture.completedFuture(
                new ExecResult(false, null, null, null, new ExecError(ErrorKind.BAD_REQUEST, message), 0)));
    }

    private ObjectNode response(JsonNode id, ExecResult r) {
        ObjectNode o = json.createObjectNode();
        o.set("id", id);
        o.put("ok", r.ok());
        o.put("output", r.output());
        if (r.passed() == null) o.putNull("passed"); else o.put("passed", r.passed());
        if (r.total() == null) o.putNull("total"); else o.put("total", r.total());
        if (r.error() == null) {
            o.putNull("error");
        } else {
            ObjectNode e = o.putObject("error").put("kind", r.error().kind().id()).put("message", r.error().message());
            if (r.rejectReason() != null) e.put("reason", r.rejectReason().id());
        }
        o.put("millis", Math.round(r.millis() * 1000) / 1000.0);
        return o;
    }
}
