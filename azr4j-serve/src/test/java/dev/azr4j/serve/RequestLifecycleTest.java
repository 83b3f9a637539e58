package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a request costs: cancelled when its client goes away, queued within the bound on every route, memory held bounded. */
class RequestLifecycleTest {
    private static ObjectNode obj() {
        return Client.JSON.createObjectNode();
    }

    @Test
    void aRequestAnsweredWholeIsCancelledWhenItsClientGoesAway() throws Exception {
        int maxTokens = 3000, n = 8;
        // the small preset: one sequence of 3000 tokens must still be decoding when the dropped client is noticed
        // (about a second later); the tiny model can decode all of it in that time on a fast, idle machine
        try (CpuBackend backend = new CpuBackend(1);
             ServedModel model = ServedModel.of("m", Transformer.random(ModelPresets.get("small"), 1, backend), ByteTokenizer.instance(), 16);
             OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0))) {
            for (String route : new String[] {"/v1/completions", "/generate"}) {
                String body = route.equals("/generate")
                        ? obj().set("input_ids", Client.JSON.createArrayNode().add(1).add(2)).toString().replace("}", ", \"sampling_params\": {\"max_new_tokens\": " + maxTokens + ", \"ignore_eos\": true}}")
                        : obj().put("prompt", "x").put("n", n).put("max_tokens", maxTokens).put("ignore_eos", true).toString();
                int seqs = route.equals("/generate") ? 1 : n;
                long before = model.scheduler().stats().tokensGenerated();
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    byte[] b = body.getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(("POST " + route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(b);
                    out.flush();
                    for (int i = 0; i < 2000 && model.scheduler().stats().running() < seqs; i++) Thread.sleep(5);
                    assertEquals(seqs, model.scheduler().stats().running(), route);
                }
                for (int i = 0; i < 24_000 && model.scheduler().stats().running() > 0; i++) Thread.sleep(5);
                long generated = model.scheduler().stats().tokensGenerated() - before;
                assertTrue(generated < (long) seqs * maxTokens, route + ": the dropped request decoded all its " + generated + " tokens");
            }
            assertEquals(200, new Client(server.baseUri(), null).post("/v1/completions", obj().put("prompt", "a").put("max_tokens", 2)).status());
        }
    }

    @Test
    void generateKeepsTheQueueBound() throws Exception {
        try (CpuBackend backend = new CpuBackend(1);
             ServedModel model = ServedModel.of("m", Transformer.random(ModelPresets.get("tiny"), 1, backend), ByteTokenizer.instance(), 8);
             OpenAiServer server = OpenAiServer.start(model, new OpenAiServer.Options("127.0.0.1", 0, null, 1 << 20, 16, 1))) {
            Client client = new Client(server.baseUri(), null);
            model.scheduler().hold();
            try {
                CompletableFuture<Client.Reply> queued = CompletableFuture.supplyAsync(
                        () -> client.post("/v1/completions", obj().put("prompt", "a").put("max_tokens", 2)));
                for (int i = 0; i < 2000 && model.scheduler().stats().waiting() < 1; i++) Thread.sleep(5);
                CompletableFuture<Client.Reply> generate = CompletableFuture.supplyAsync(
                        () -> client.post("/generate", "{\"text\": \"a\", \"sampling_params\": {\"max_new_tokens\": 2}}"));
                try {
                    ServerTest.refused(generate.get(20, TimeUnit.SECONDS), 503, "retry later");
                } catch (TimeoutException e) {
                    fail("/generate queued past --max-waiting");
                }
            } finally {
                model.scheduler().release();
            }
        }
    }

    @Test
    void echoWithNScoresEachPromptOnce() {
        try (CpuBackend backend = new CpuBackend(1);
             ServedModel model = ServedModel.of("m", Transformer.random(ModelPresets.get("tiny"), 1, backend), ByteTokenizer.instance(), 8);
             OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0))) {
            Client client = new Client(server.baseUri(), null);
            long before = GenerationEndpoint.PROMPTS_SCORED.get();
            ObjectNode req = obj().put("max_tokens", 2).put("n", 4).put("echo", true).put("logprobs", 0);
            req.set("prompt", Client.JSON.createArrayNode().add("abc").add("de"));
            Client.Reply r = client.post("/v1/completions", req);
            assertEquals(200, r.status(), r.raw().body());
            assertEquals(8, r.json().get("choices").size());
            assertEquals(r.json().get("choices").get(0).get("logprobs").get("token_logprobs").get(1),
                    r.json().get("choices").get(3).get("logprobs").get("token_logprobs").get(1));
            assertEquals(2, GenerationEndpoint.PROMPTS_SCORED.get() - before, "two prompts scored, not eight choices");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAnswerSentWholeHoldsBoundedLogprobs() throws Exception {
        try (CpuBackend backend = new CpuBackend(1);
             ServedModel model = ServedModel.of("m", Transformer.random(ModelPresets.get("tiny"), 1, backend), ByteTokenizer.instance(), 8);
             OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0))) {
            Client client = new Client(server.baseUri(), null);
            model.scheduler().hold(); // nothing runs: only whether it is accepted matters
            CompletableFuture<Client.Reply> big = CompletableFuture.supplyAsync(() -> client.post("/v1/completions",
                    obj().put("prompt", "x").put("n", 64).put("max_tokens", 4000).put("logprobs", 20)));
            try {
                ServerTest.refused(big.get(20, TimeUnit.SECONDS), 400, "'stream': true");
            } catch (TimeoutException e) {
                fail("accepted an answer of 64 × 4000 × 21 log-probabilities to hold");
            } finally {
                model.scheduler().release();
            }
            assertEquals(200, client.post("/v1/completions", obj().put("prompt", "x").put("n", 2).put("max_tokens", 3).put("logprobs", 5)).status());
        }
    }
}
