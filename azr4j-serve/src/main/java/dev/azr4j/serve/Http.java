package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading bounded JSON bodies and writing JSON answers and OpenAI-style errors. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WEIGHT_VERSION_HEADER = "X-Weight-Version";

    private Http() {}

    /** The body as JSON; 413 beyond {@code maxBytes}, 400 when it is not a JSON object. */
    static JsonNode readJson(HttpExchange ex, int maxBytes) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid(null, "Content-Length '" + length + "' is not a number");
            }
            if (n > maxBytes) throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (InputStream in = ex.getRequestBody()) {
            for (int r; (r = in.read(chunk)) > 0; ) {
                if (buf.size() + r > maxBytes) throw tooLarge(maxBytes);
                buf.write(chunk, 0, r);
            }
        }
        if (buf.size() == 0) throw ApiException.invalid(null, "the request body is empty; expected a JSON object");
        JsonNode node;
        try {
            node = JSON.readTree(buf.toByteArray());
        } catch (IOException e) {
            throw ApiException.invalid(null, "the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) throw ApiException.invalid(null, "the request body must be a JSON object");
        return node;
    }

    private static ApiException tooLarge(int maxBytes) {
        return new ApiException(413, "invalid_request_error", null, "request_too_large",
                "the request body is larger than the server's limit of " + maxBytes + " bytes");
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static ObjectNode errorBody(ApiException e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type());
        err.put("param", e.param());
        err.put("code", e.code());
        return root;
    }

    static void sendError(HttpExchange ex, ApiException e) throws IOException {
        sendJson(ex, e.status(), errorBody(e));
    }

    /** One server-sent event carrying {@code data}, flushed at once. */
    static void writeEvent(OutputStream out, String data) throws IOException {
        writeEvent(out, data, true);
    }

    /** One server-sent event; {@code flush} false when more follow at once (one network write for them all). */
    static void writeEvent(OutputStream out, String data, boolean flush) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        if (flush) out.flush();
    }
}
