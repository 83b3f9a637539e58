package dev.azr4j.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Requests to the worker's JSON and its answers back to {@link ExecResult}s; plus the checks Java does first. */
final class Wire {
    private Wire() {}

    static ObjectNode encode(ExecRequest request, ObjectMapper json) {
        ObjectNode n = json.createObjectNode();
        switch (request) {
            case ExecRequest.Run r -> n.put("op", "run").put("program", r.program()).put("input", r.input());
            case ExecRequest.Validate v -> n.put("op", "validate").put("program", v.program()).put("input", v.input());
            case ExecRequest.CheckOutput c -> n.put("op", "check_output").put("program", c.program())
                    .put("input", c.input()).put("predicted", c.predicted());
            case ExecRequest.CheckInput c -> n.put("op", "check_input").put("program", c.program())
                    .put("output", c.output()).put("predicted", c.predictedInput());
            case ExecRequest.CheckProgram c -> {
                n.put("op", "check_program").put("program", c.candidate());
                ArrayNode pairs = n.putArray("pairs");
                for (IoPair p : c.pairs()) pairs.addArray().add(p.input()).add(p.output());
            }
        }
        return n;
    }

    /** A result decided without running anything (missing fields, sizes over the limits), or null. */
    static ExecResult precheck(ExecRequest request, ExecutorOptions o) {
        if (request == null) return error(ErrorKind.BAD_REQUEST, "null request", 0);
        String program = switch (request) {
            case ExecRequest.Run r -> r.program();
            case ExecRequest.Validate v -> v.program();
            case ExecRequest.CheckOutput c -> c.program();
            case ExecRequest.CheckInput c -> c.program();
            case ExecRequest.CheckProgram c -> c.candidate();
        };
        if (program == null) return error(ErrorKind.BAD_REQUEST, "the request has no program", 0);
        if (program.length() > o.maxProgramChars()) {
            return error(ErrorKind.TOO_LARGE, "the program has " + program.length() + " characters, more than the limit of "
                    + o.maxProgramChars(), 0);
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
        for (String t : texts) {
            if (t == null) return error(ErrorKind.BAD_REQUEST, "the request lacks a field its operation needs", 0);
            if (t.length() > o.maxInputChars()) {
                return error(ErrorKind.TOO_LARGE, "an input, output or prediction has " + t.length()
                        + " characters, more than the limit of " + o.maxInputChars(), 0);
            }
        }
        return null;
    }

    static ExecResult decode(JsonNode body, double millis) {
        boolean ok = body.path("ok").asBoolean(false);
        String output = body.hasNonNull("output") ? body.get("output").asText() : null;
        Integer passed = body.hasNonNull("passed") ? body.get("passed").asInt() : null;
        Integer total = body.hasNonNull("total") ? body.get("total").asInt() : null;
        ExecError error = null;
        if (body.hasNonNull("kind")) {
            ErrorKind kind = ErrorKind.fromId(body.get("kind").asText());
            String message = body.path("message").asText("");
            if (kind == null) {
                kind = ErrorKind.WORKER_CRASH;
                message = "the worker answered an unknown error kind: " + body.get("kind").asText();
            }
            error = new ExecError(kind, message);
            ok = false;
        }
        return new ExecResult(ok, output, passed, total, error, millis);
    }

    static ExecResult error(ErrorKind kind, String message, double millis) {
        return new ExecResult(false, null, null, null, new ExecError(kind, message), millis);
    }
}
