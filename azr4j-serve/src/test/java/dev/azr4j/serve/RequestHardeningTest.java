package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed and cross-site requests: each refused with a 4xx in OpenAI's error shape, and the server goes on. */
class RequestHardeningTest {
    static CpuBackend backend;
    static ServedModel model;
    static OpenAiServer server;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        backend = new CpuBackend(1);
        model = ServedModel.of("tiny", Transformer.random(ModelPresets.get("tiny"), 3, backend), ByteTokenizer.instance(), 16);
        server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0));
        client = new Client(server.baseUri(), null);
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
        backend.close();
    }

    static ObjectNode obj() {
        return Client.JSON.createObjectNode();
    }

    /** A 4xx with OpenAI's {"error": {"message", "type", "param", "code"}}. */
    static JsonNode error4xx(int status, String body) {
        assertTrue(status >= 400 && status < 500, "expected a 4xx, got " + status + ": " + body);
        JsonNode e;
        try {
            e = Client.JSON.readTree(body).get("error");
        } catch (Exception ex) {
            throw new AssertionError("not JSON: " + body, ex);
        }
        assertTrue(e != null && e.get("message").isTextual() && e.get("type").isTextual() && e.has("param") && e.has("code"), body);
        return e;
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) h.put(kv[i], kv[i + 1]);
        return h;
    }

    private static final String OK_BODY = "{\"prompt\": \"a\", \"max_tokens\": 1}";

    @Test
    void unknownFieldsAreRefusedNamingTheField() {
        record Case(String route, String body, String field) {}
        for (Case c : List.of(
                new Case("/v1/completions", "{\"prompt\": \"x\", \"max_tokns\": 3}", "max_tokns"),
                new Case("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools_choice\": 1}", "tools_choice"),
                new Case("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"x\", \"colour\": 1}]}", "messages[0].colour"),
                new Case("/generate", "{\"text\": \"x\", \"bogus\": 1}", "bogus"),
                new Case("/generate", "{\"text\": \"x\", \"sampling_params\": {\"max_new_token\": 3}}", "sampling_params.max_new_token"),
                new Case("/tokenize", "{\"prompt\": \"x\", \"extra\": true}", "extra"),
                new Case("/detokenize", "{\"tokens\": [65], \"extra\": true}", "extra"),
                new Case("/update_weights_from_disk", "{\"model_path\": \"/x\", \"extra\": true}", "extra"))) {
            Client.Reply r = client.post(c.route(), c.body());
            JsonNode e = error4xx(r.status(), r.raw().body());
            assertEquals(400, r.status(), c.toString());
            assertEquals(c.field(), e.get("param").asText(), c.toString());
            assertTrue(e.get("message").asText().contains(c.field()), e.toString());
        }
        assertEquals(200, client.post("/v1/completions", OK_BODY).status());
    }

    @Test
    void generateDoesNotCoerceStringsToNumbers() {
        for (String sp : List.of("{\"max_new_tokens\": \"3\"}", "{\"max_new_tokens\": \"many\"}", "{\"max_new_tokens\": 2.5}",
                "{\"temperature\": \"0.5\"}", "{\"top_k\": \"5\"}")) {
            Client.Reply r = client.post("/generate", "{\"text\": \"x\", \"sampling_params\": " + sp + "}");
            assertEquals(400, r.status(), sp + " → " + r.raw().body());
            error4xx(r.status(), r.raw().body());
        }
        Client.Reply ok = client.post("/generate", "{\"text\": \"x\", \"sampling_params\": {\"max_new_tokens\": 2}}");
        assertEquals(200, ok.status(), ok.raw().body());
    }

    @Test
    void everyMalformedRequestGetsA4xxJsonError() throws Exception {
        int port = server.port();
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        for (String[] c : new String[][] {
                {"/update_weights_from_disk", "{\"model_path\": \"/tmp/a\\u0000b\"}"},
                {"/v1/completions", deep},
                {"/v1/completions", "{\"prompt\": " + deep + "}"},
                {"/v1/completions", "{\"prompt\": [1, \"a\"]}"},
                {"/v1/completions", "{\"prompt\": \"x\", \"n\": 1.5}"},
                {"/v1/completions", "{\"prompt\": \"x\", \"logit_bias\": 5}"},
                {"/v1/completions", "{\"prompt\": \"x\", \"stream_options\": \"yes\"}"},
                {"/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": {\"a\": 1}}]}"},
                {"/v1/chat/completions", "{\"messages\": [\"hi\"]}"},
                {"/generate", "{\"input_ids\": {}}"},
                {"/generate", "{\"input_ids\": [1, 2], \"sampling_params\": []}"},
                {"/tokenize", "{\"messages\": [5]}"},
                {"/detokenize", "{\"tokens\": [-1]}"},
                {"/detokenize", "{\"tokens\": \"abc\"}"}}) {
            RawHttp.Reply r = RawHttp.send(port, "POST", c[0], headers("Content-Type", "application/json"), c[1]);
            error4xx(r.status(), r.body());
        }
        assertEquals(200, client.post("/v1/completions", OK_BODY).status());
    }

    @Test
    void crossOriginRequestsAreRefused() throws Exception {
        int port = server.port();
        for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:" + (port + 1), "https://127.0.0.1:" + port + ".evil.example")) {
            RawHttp.Reply r = RawHttp.send(port, "POST", "/v1/completions", headers("Content-Type", "application/json", "Origin", origin), OK_BODY);
            assertEquals(403, r.status(), origin + ": " + r.body());
            assertTrue(error4xx(r.status(), r.body()).get("message").asText().contains("origin"), r.body());
        }
        RawHttp.Reply same = RawHttp.send(port, "POST", "/v1/completions",
                headers("Content-Type", "application/json", "Origin", "http://127.0.0.1:" + port), OK_BODY);
        assertEquals(200, same.status(), same.body());
    }

    @Test
    void aForeignHostIsRefused() throws Exception {
        int port = server.port();
        for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port)) {
            RawHttp.Reply r = RawHttp.send(port, "POST", "/v1/completions", headers("Content-Type", "application/json", "Host", host), OK_BODY);
            assertEquals(403, r.status(), host + ": " + r.body());
            assertTrue(error4xx(r.status(), r.body()).get("message").asText().contains("Host"), r.body());
            assertEquals(403, RawHttp.send(port, "GET", "/v1/models", headers("Host", host), null).status());
        }
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port)) {
            RawHttp.Reply r = RawHttp.send(port, "POST", "/v1/completions", headers("Content-Type", "application/json", "Host", host), OK_BODY);
            assertEquals(200, r.status(), host + ": " + r.body());
        }
    }

    @Test
    void weightPathsOutsideTheWeightDirectoriesAreRefusedAlike(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path allowed = java.nio.file.Files.createDirectories(tmp.resolve("allowed"));
        java.nio.file.Path outside = WeightsAndKeyTest.save(Transformer.random(ModelPresets.get("tiny"), 5, backend), tmp.resolve("outside"));
        java.nio.file.Path inside = WeightsAndKeyTest.save(Transformer.random(ModelPresets.get("tiny"), 6, backend), allowed.resolve("v1"));
        java.nio.file.Files.createSymbolicLink(allowed.resolve("link"), outside);
        try (ServedModel m = ServedModel.of("m", Transformer.random(ModelPresets.get("tiny"), 1, backend), ByteTokenizer.instance(), 4);
             OpenAiServer s = OpenAiServer.start(m, OpenAiServer.Options.loopback(0).withWeightDirs(List.of(allowed)))) {
            Client c = new Client(s.baseUri(), null);
            String message = null;
            for (String path : List.of(outside.toString(), "/no/such/dir", "/etc", "/etc/passwd", allowed + "/../outside",
                    allowed.resolve("link").toString(), "relative/dir", "/tmp/a\u0000b")) {
                Client.Reply r = c.post("/update_weights_from_disk", obj().put("model_path", path));
                JsonNode e = error4xx(r.status(), r.raw().body());
                assertEquals(403, r.status(), path);
                if (message == null) message = e.get("message").asText();
                assertEquals(message, e.get("message").asText(), "the same answer whatever the path: " + path);
                assertTrue(!message.contains("/"), message);
            }
            assertEquals(1, m.weights().version(), "nothing was loaded");
            Client.Reply ok = c.post("/update_weights_from_disk", obj().put("model_path", inside.toString()));
            assertEquals(200, ok.status(), ok.raw().body());
            assertEquals(2, m.weights().version());
        }
        // without --weights-dir the route loads nothing
        RawHttp.Reply off = RawHttp.send(server.port(), "POST", "/update_weights_from_disk", headers("Content-Type", "application/json"),
                obj().put("model_path", inside.toString()).toString());
        assertEquals(403, off.status(), off.body());
        assertEquals(1, model.weights().version());
    }

    @Test
    void nonJsonContentTypesAreRefused() throws Exception {
        int port = server.port();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null}) {
            for (String route : List.of("/v1/completions", "/update_weights_from_disk", "/generate", "/tokenize")) {
                RawHttp.Reply r = RawHttp.send(port, "POST", route, headers("Content-Type", type), "{\"prompt\": \"a\", \"model_path\": \"/tmp\"}");
                assertEquals(415, r.status(), type + " " + route + ": " + r.body());
                error4xx(r.status(), r.body());
            }
        }
        RawHttp.Reply ok = RawHttp.send(port, "POST", "/v1/completions", headers("Content-Type", "application/json; charset=utf-8"), OK_BODY);
        assertEquals(200, ok.status(), ok.body());
        assertEquals(1, model.weights().version());
    }
}
