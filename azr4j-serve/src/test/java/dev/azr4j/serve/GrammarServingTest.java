package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client grammars: compiled off the request threads under a budget, once per text. */
class GrammarServingTest {
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

    private static String body(String grammar) {
        return RequestHardeningTest.obj().put("prompt", "x").put("max_tokens", 4).put("grammar", grammar).toString();
    }

    @Test
    void pathologicalGrammarsGetA400AndTheServerAnswersMeanwhile() throws Exception {
        List<String> bad = List.of("root ::= ((\"a\"{10000}){10000})\n",
                "root ::= " + "(".repeat(50_000) + "\"a\"" + ")".repeat(50_000) + "\n",
                "root ::= [ab]* \"a\" [ab]{24}\n");
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<Client.Reply>> replies = new ArrayList<>();
            for (int copy = 0; copy < 2; copy++) for (String g : bad) replies.add(pool.submit(() -> client.post("/v1/completions", body(g))));
            for (int i = 0; i < 5; i++) assertEquals(200, client.get("/health").status());
            for (Future<Client.Reply> f : replies) {
                Client.Reply r = f.get();
                JsonNode e = RequestHardeningTest.error4xx(r.status(), r.raw().body());
                assertEquals(400, r.status(), r.raw().body());
                assertEquals("grammar", e.get("param").asText());
                String m = e.get("message").asText();
                assertTrue(m.contains("too large") || m.contains("nested deeper"), m);
            }
        }
        assertEquals(200, client.post("/v1/completions", body("root ::= \"ok\"")).status());
    }

    /**
     * A grammar whose parses of the text multiply while decoding (every 'a', the only character it
     * allows, may open either of two closers of different lengths, so after k tokens about 2^k parses
     * are alive) is the request's fault: a 400 naming the grammar; the server goes on.
     */
    @Test
    void aGrammarThatTurnsOutTooAmbiguousWhileDecodingIsA400() throws Exception {
        String g = "root ::= x \"a\"{64}\nx ::= p | q | \"\"\np ::= \"a\" x \"a\"\nq ::= \"a\" x \"aa\"\n";
        String completions = RequestHardeningTest.obj().put("prompt", "x").put("max_tokens", 32).put("temperature", 0)
                .put("grammar", g).toString();
        Client.Reply r = client.post("/v1/completions", completions);
        JsonNode e = RequestHardeningTest.error4xx(r.status(), r.raw().body());
        assertEquals(400, r.status(), r.raw().body());
        assertEquals("grammar", e.get("param").asText());
        assertTrue(e.get("message").asText().contains("too ambiguous"), e.toString());
        assertEquals(200, client.post("/v1/completions", body("root ::= \"ok\"")).status());
    }

    @Test
    void concurrentRequestsForOneGrammarCompileItOnce() throws Exception {
        String g = "root ::= \"n\" [0-9]{" + (3 + System.nanoTime() % 5) + "}\n";
        long before = GrammarSupport.compiles();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Client.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) replies.add(pool.submit(() -> client.post("/v1/completions", body(g))));
            for (Future<Client.Reply> f : replies) assertEquals(200, f.get().status(), f.get().raw().body());
        }
        assertEquals(200, client.post("/v1/completions", body(g)).status());
        assertEquals(1, GrammarSupport.compiles() - before, "one compile for eight concurrent requests and a later one");
    }
}
