package dev.azr4j.executor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Requests to the worker's JSON and its answers back to {@link ExecResult}s; plus the checks Java does first. */
final class Wire {
    private Wire() {}

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String NO_NONCE = "0".repeat(Worker.NONCE_LEN);

    /**
     * The request as one JSON line for the worker, starting with a placeholder nonce that
     * {@link Worker#send} overwrites in place before each send.
     */
    static byte[] encode(ExecRequest request, long timeoutMs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("n", NO_NONCE);
            switch (request) {
                case ExecRequest.Run r -> {
                    g.writeStringField("op", "run");
                    g.writeStringField("program", r.program());
                    g.writeStringField("input", r.input());
                }
                case ExecRequest.Validate v -> {
                    g.writeStringField("op", "validate");
                    g.writeStringField("program", v.program());
                    g.writeStringField("input", v.input());
                }
                case ExecRequest.CheckOutput c -> {
                    g.writeStringField("op", "check_output");
                    g.writeStringField("program", c.program());
                    g.writeStringField("input", c.input());
                    g.writeStringField("predicted", c.predicted());
                    g.writeStringField("grading", c.grading().id());
                }
                case ExecRequest.CheckInput c -> {
                    g.writeStringField("op", "check_input");
                    g.writeStringField("program", c.program());
                    g.writeStringField("output", c.output());
                    g.writeStringField("predicted", c.predictedInput());
                    g.writeStringField("grading", c.grading().id());
                }
                case ExecRequest.CheckProgram c -> {
                    g.writeStringField("op", "check_program");
                    g.writeStringField("program", c.candidate());
                    g.writeArrayFieldStart("pairs");
                    for (IoPair p : c.pairs()) {
                        g.writeStartArray();
                        g.writeString(p.input());
                        g.writeString(p.output());
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                    if (c.reference() != null) g.writeStringField("reference", c.reference());
                }
            }
            g.writeNumberField("timeout_ms", timeoutMs);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The program a request runs (the candidate, for check_program). */
    static String program(ExecRequest request) {
        return switch (request) {
            case ExecRequest.Run r -> r.program();
            case ExecRequest.Validate v -> v.program();
            case ExecRequest.CheckOutput c -> c.program();
            case ExecRequest.CheckInput c -> c.program();
            case ExecRequest.CheckProgram c -> c.candidate();
        };
    }

    /** A result decided without running anything (missing fields, sizes over the limits), or null. */
    static ExecResult precheck(ExecRequest request, ExecutorOptions o) {
        if (request == null) return error(ErrorKind.BAD_REQUEST, "null request", 0);
        String program = program(request);
        if (program == null) return error(ErrorKind.BAD_REQUEST, "the request has no program", 0);
        if (program.length() > o.maxProgramChars()) {
            return error(ErrorKind.TOO_LARGE, "the program has " + program.length() + " characters, more than the limit of "
                    + o.maxProgramChars(), 0);
        }
        if (request instanceof ExecRequest.CheckProgram c && c.reference() != null && c.reference().length() > o.maxProgramChars()) {
            return error(ErrorKind.TOO_LARGE, "the reference program has " + c.reference().length()
                    + " characters, more than the limit of " + o.maxProgramChars(), 0);
        }
        String[] texts = switch (request) {
            case ExecRequest.Run r -> new String[] {r.input()};
            case ExecRequest.Validate v -> new String[] {v.input()};
            case ExecRequest.CheckOutput c -> new String[] {c.input(), c.predicted()};
            case ExecRequest.CheckInput c -> new String[] {c.output(), c.predictedInput()};
            case ExecRequest.CheckProgram c -> c.pairs().stream()
                    .flatMap(p -> java.util.stream.Stream.of(p == null ? null : p.input(), p == null ? null : p.output()))
                    .toArray(String[]::new);
        };
        String answer = strictAnswer(request);
        if (answer != null && answer.length() > o.maxInputChars()) {  // a wrong answer, counted as such
            return new ExecResult(false, null, null, null, new ExecError(ErrorKind.REJECTED, "the answer has " + answer.length()
                    + " characters, more than the limit of " + o.maxInputChars(), RejectReason.TOO_LARGE), 0);
        }
        for (String t : texts) {
            if (t == null) return error(ErrorKind.BAD_REQUEST, "the request lacks a field its operation needs", 0);
            if (t.length() > o.maxInputChars()) {
                return error(ErrorKind.TOO_LARGE, "an input, output or prediction has " + t.length()
                        + " characters, more than the limit of " + o.maxInputChars(), 0);
            }
        }
        return null;
    }

    /** The answer text of a strictly graded check (rejected as an answer when too large), else null. */
    private static String strictAnswer(ExecRequest request) {
        return switch (request) {
            case ExecRequest.CheckOutput c when c.grading() == Grading.STRICT -> c.predicted();
            case ExecRequest.CheckInput c when c.grading() == Grading.STRICT -> c.predictedInput();
            default -> null;
        };
    }

    static ExecResult decode(Worker.Answer a, double millis) {
        boolean ok = a.ok();
        ExecError error = null;
        if (a.kind() != null) {
            ErrorKind kind = ErrorKind.fromId(a.kind());
            String message = a.message() == null ? "" : a.message();
            if (kind == null) {
                kind = ErrorKind.WORKER_CRASH;
                message = "the worker answered an unknown error kind: " + a.kind();
            }
            RejectReason reason = null;
            if (kind == ErrorKind.REJECTED) {
                reason = RejectReason.fromId(a.reason());
                if (reason == null) {
                    kind = ErrorKind.WORKER_CRASH;
                    message = "the worker rejected an answer for an unknown reason: " + a.reason();
                }
            }
            error = new ExecError(kind, trim(message, MAX_MESSAGE_CHARS), reason);
            ok = false;
        }
        return new ExecResult(ok, a.output(), a.passed(), a.total(), error, millis);
    }

    /** Longest error message a result carries (the worker clips its own at the same length). */
    static final int MAX_MESSAGE_CHARS = 1000;

    /** text cut to at most max characters, "..." marking the cut. */
    static String trim(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    static ExecResult error(ErrorKind kind, String message, double millis) {
        return new ExecResult(false, null, null, null, new ExecError(kind, message), millis);
    }
}
