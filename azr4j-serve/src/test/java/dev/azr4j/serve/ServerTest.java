package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.nn.TokenScorer;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.sample.Completion;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server on loopback with a tiny random model: every route, its JSON, its errors. */
class ServerTest {
    static final CpuBackend BACKEND = new CpuBackend(2);
    static final ByteTokenizer TOK = ByteTokenizer.instance();
    /** The served model and an identical copy the tests sample from directly (the engine is not re-entrant). */
    static final Transformer SERVED = Transformer.random(ModelPresets.get("tiny"), 11, BACKEND);
    static final Transformer REFERENCE = Transformer.random(ModelPresets.get("tiny"), 11, BACKEND);
    static ServedModel model;
    static OpenAiServer server;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        model = ServedModel.of("tiny", SERVED, TOK, 64);
        server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0));
        client = new Client(server.baseUri(), null);
    }

    @AfterAll
    static void stop() {
        server.close();
        model.close();
        BACKEND.close();
    }

    static ObjectNode obj() {
        return Client.JSON.createObjectNode();
    }

    static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    static synchronized List<Completion> reference(List<int[]> prompts, SamplingParams p) {
        return new Sampler(REFERENCE).generate(prompts, p, TOK::decode);
    }

    static SamplingParams params(int max, double t, long seed) {
        return SamplingParams.sample(max, t, seed).withStopTokens(model.stopIds());
    }

    /** A grammar in the request constrains the text exactly as the Sampler does under that grammar, streamed or not. */
    @Test
    void aGrammarConstrainsTheCompletionAsTheSamplerDoes() {
        String gbnf = "root ::= \"<answer>\" [0-9] [0-9]? \"</answer>\"\n";
        for (boolean stream : new boolean[] {false, true}) {
            ObjectNode req = obj().put("prompt", "def f(a):").put("max_tokens", 32).put("temperature", 1.0).put("seed", 11)
                    .put("grammar", gbnf).put("stream", stream);
            Client.Reply r = client.post("/v1/completions", req);
            assertEquals(200, r.status(), r.raw().body());
            Completion expected = reference(List.of(TOK.encode("def f(a):")),
                    params(32, 1.0, 11).withGrammar(Grammars.compile(gbnf, "test", TOK))).getFirst();
            String text = stream ? streamedText(r) : r.json().get("choices").get(0).get("text").asText();
            assertEquals(TOK.decode(expected.ids(), true), text);
            assertTrue(text.matches("<answer>[0-9][0-9]?</answer>"), text);
        }
        Client.Reply shipped = client.post("/v1/completions", obj().put("prompt", "x").put("max_tokens", 24).put("seed", 3)
                .put("temperature", 1.0).put("grammar", "python-literal"));
        assertEquals(200, shipped.status(), shipped.raw().body());
    }

    /** The text of a streamed completion: its chunks' texts in order, up to {@code [DONE]}. */
    private static String streamedText(Client.Reply r) {
        List<String> events = r.events();
        assertEquals("[DONE]", events.getLast());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            for (JsonNode c : read(e).get("choices")) text.append(c.get("text").asText());
        }
        return text.toString();
    }

    @Test
    void modelsListsTheServedModel() {
        Client.Reply r = client.get("/v1/models");
        assertEquals(200, r.status());
        JsonNode m = r.json().get("data").get(0);
        assertEquals("list", r.json().get("object").asText());
        assertEquals("tiny", m.get("id").asText());
        assertEquals("model", m.get("object").asText());
        assertEquals("azr4j", m.get("owned_by").asText());
        assertEquals(4096, m.get("max_model_len").asInt());
        assertEquals(model.weights().version(), r.weightVersion());
        assertEquals("ok", client.get("/health").json().get("status").asText());
    }

    @Test
    void aTextCompletionIsTheSamplersWithUsageAndTokenIds() {
        ObjectNode req = obj().put("model", "tiny").put("prompt", "def f(a):").put("max_tokens", 12)
                .put("temperature", 0.8).put("seed", 5).put("return_token_ids", true);
        Client.Reply r = client.post("/v1/completions", req);
        assertEquals(200, r.status(), r.raw().body());
        JsonNode body = r.json();
        assertEquals("text_completion", body.get("object").asText());
        assertTrue(body.get("id").asText().startsWith("cmpl-"));
        assertEquals("tiny", body.get("model").asText());
        JsonNode c = body.get("choices").get(0);
        int[] prompt = TOK.encode("def f(a):");
        Completion expected = reference(List.of(prompt), params(12, 0.8, 5)).getFirst();
        assertArrayEquals(expected.ids(), ints(c.get("token_ids")));
        assertArrayEquals(prompt, ints(c.get("prompt_token_ids")));
        assertEquals(TOK.decode(expected.ids(), true), c.get("text").asText());
        assertEquals(expected.finishReason() == Completion.FinishReason.LENGTH ? "length" : "stop", c.get("finish_reason").asText());
        assertTrue(c.get("logprobs").isNull());
        JsonNode u = body.get("usage");
        assertEquals(prompt.length, u.get("prompt_tokens").asInt());
        assertEquals(expected.ids().length, u.get("completion_tokens").asInt());
        assertEquals(prompt.length + expected.ids().length, u.get("total_tokens").asInt());
        assertEquals(body.get("weight_version").asLong(), r.weightVersion());
    }

    @Test
    void tokenIdPromptsAndNGiveEveryChoiceInOrder() {
        int[] a = {72, 101, 108}, b = {40, 41, 42, 43};
        ObjectNode req = obj().put("max_tokens", 6).put("temperature", 1.0).put("seed", 9).put("n", 2).put("return_token_ids", true);
        ArrayNode prompts = req.putArray("prompt");
        for (int[] p : List.of(a, b)) {
            ArrayNode x = prompts.addArray();
            for (int id : p) x.add(id);
        }
        JsonNode choices = client.post("/v1/completions", req).json().get("choices");
        List<Completion> expected = reference(List.of(a, a, b, b), params(6, 1.0, 9));
        assertEquals(4, choices.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, choices.get(i).get("index").asInt());
            assertArrayEquals(expected.get(i).ids(), ints(choices.get(i).get("token_ids")), "choice " + i);
        }
    }

    @Test
    void logprobsEqualTheScorersAndEchoScoresThePrompt() {
        String text = "print(1)";
        int[] prompt = TOK.encode(text);
        ObjectNode req = obj().put("prompt", text).put("max_tokens", 8).put("temperature", 1.0).put("seed", 3)
                .put("logprobs", 2).put("echo", true).put("return_token_ids", true);
        JsonNode c = client.post("/v1/completions", req).json().get("choices").get(0);
        int[] ids = ints(c.get("token_ids"));
        int[] all = new int[prompt.length + ids.length];
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        System.arraycopy(ids, 0, all, prompt.length, ids.length);
        float[] scored;
        synchronized (ServerTest.class) {
            scored = TokenScorer.score(REFERENCE, List.of(all), 1.0).getFirst().logprobs();
        }
        JsonNode lp = c.get("logprobs");
        JsonNode values = lp.get("token_logprobs");
        assertEquals(all.length, values.size());
        assertTrue(values.get(0).isNull(), "the first prompt token has no log-probability");
        for (int t = 1; t < all.length; t++) assertEquals(scored[t - 1], values.get(t).asDouble(), 1e-5, "token " + t);
        assertEquals(all.length, lp.get("tokens").size());
        assertEquals(all.length, lp.get("text_offset").size());
        JsonNode tops = lp.get("top_logprobs");
        for (int t = prompt.length; t < all.length; t++) {
            assertTrue(tops.get(t).size() >= 2 && tops.get(t).size() <= 3, tops.get(t).toString());
        }
        assertTrue(c.get("text").asText().startsWith(text));
    }

    @Test
    void aStreamedCompletionAddsUpToTheWholeOne() {
        ObjectNode req = obj().put("prompt", "abc").put("max_tokens", 10).put("temperature", 0.9).put("seed", 17);
        String whole = client.post("/v1/completions", req).json().get("choices").get(0).get("text").asText();
        req.put("stream", true).putObject("stream_options").put("include_usage", true);
        Client.Reply r = client.post("/v1/completions", req);
        assertEquals(200, r.status());
        assertEquals("text/event-stream", r.raw().headers().firstValue("Content-Type").orElse(""));
        List<String> events = r.events();
        assertEquals("[DONE]", events.getLast());
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = read(e);
            assertEquals("text_completion", chunk.get("object").asText());
            if (chunk.has("usage")) usage = chunk.get("usage");
            for (JsonNode c : chunk.get("choices")) {
                text.append(c.get("text").asText());
                if (!c.get("finish_reason").isNull()) finish = c.get("finish_reason").asText();
            }
        }
        assertEquals(whole, text.toString());
        assertNotNull(finish);
        assertNotNull(usage);
        assertEquals(3, usage.get("prompt_tokens").asInt());
    }

    @Test
    void stopStringsCutTheTextInBothModes() {
        int[] prompt = TOK.encode("x");
        // a stop string the model does produce: an ASCII letter or digit from the second half of its
        // uncut continuation (U+FFFD of broken UTF-8 is no stable stop string: it depends on the window decoded)
        String uncut = TOK.decode(reference(List.of(prompt), params(60, 1.0, 1)).getFirst().ids(), true);
        String stop = null;
        for (int i = uncut.length() / 2; i < uncut.length() && stop == null; i++) {
            if (Character.isLetterOrDigit(uncut.charAt(i)) && uncut.charAt(i) < 128) stop = uncut.substring(i, i + 1);
        }
        assertNotNull(stop, "no ASCII letter in " + uncut);
        ObjectNode req = obj().put("prompt", "x").put("max_tokens", 60).put("temperature", 1.0).put("seed", 1);
        req.putArray("stop").add(stop);
        List<Completion> expected = reference(List.of(prompt), params(60, 1.0, 1).withStopStrings(List.of(stop)));
        assertEquals(Completion.FinishReason.STOP_STRING, expected.getFirst().finishReason());
        String text = TOK.decode(expected.getFirst().ids(), true);
        String cut = text.substring(0, text.indexOf(stop));
        assertTrue(cut.length() < uncut.length());
        JsonNode c = client.post("/v1/completions", req).json().get("choices").get(0);
        assertEquals(cut, c.get("text").asText());
        assertEquals("stop", c.get("finish_reason").asText());
        req.put("stream", true);
        StringBuilder streamed = new StringBuilder();
        for (String e : client.post("/v1/completions", req).events()) {
            if (!e.equals("[DONE]")) for (JsonNode ch : read(e).get("choices")) streamed.append(ch.get("text").asText());
        }
        assertEquals(cut, streamed.toString());
    }

    @Test
    void chatUsesTheChatTemplateAndStreams() {
        ObjectNode req = obj().put("model", "tiny").put("max_tokens", 8).put("temperature", 0).put("logprobs", true).put("top_logprobs", 2);
        req.putArray("messages").addObject().put("role", "user").put("content", "hi");
        JsonNode body = client.post("/v1/chat/completions", req).json();
        assertEquals("chat.completion", body.get("object").asText());
        JsonNode msg = body.get("choices").get(0).get("message");
        assertEquals("assistant", msg.get("role").asText());
        int[] prompt = TOK.encode(model.chatTemplate().render(List.of(ChatMessage.user("hi")), true));
        Completion expected = reference(List.of(prompt), SamplingParams.greedy(8).withStopTokens(model.stopIds())).getFirst();
        assertEquals(TOK.decode(expected.ids(), true), msg.get("content").asText());
        assertEquals(prompt.length, body.get("usage").get("prompt_tokens").asInt());
        JsonNode content = body.get("choices").get(0).get("logprobs").get("content");
        assertEquals(expected.ids().length, content.size());
        assertEquals(expected.logprobs()[0], content.get(0).get("logprob").asDouble(), 1e-5);
        assertEquals(2, content.get(0).get("top_logprobs").size());
        req.put("stream", true);
        List<String> events = client.post("/v1/chat/completions", req).events();
        assertEquals("[DONE]", events.getLast());
        JsonNode first = read(events.getFirst());
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asText());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode d = read(e).get("choices").get(0).get("delta");
            if (d.has("content")) text.append(d.get("content").asText());
        }
        assertEquals(msg.get("content").asText(), text.toString());
    }

    @Test
    void tokenizeAndDetokenizeRoundTrip() {
        JsonNode t = client.post("/tokenize", obj().put("prompt", "héllo")).json();
        assertArrayEquals(TOK.encode("héllo"), ints(t.get("tokens")));
        assertEquals(t.get("tokens").size(), t.get("count").asInt());
        ObjectNode d = obj();
        d.set("tokens", t.get("tokens"));
        assertEquals("héllo", client.post("/detokenize", d).json().get("prompt").asText());
        ObjectNode chat = obj();
        chat.putArray("messages").addObject().put("role", "user").put("content", "hi");
        assertArrayEquals(TOK.encode("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"), ints(client.post("/tokenize", chat).json().get("tokens")));
    }

    /** A refused request: its status, OpenAI's error fields, a message that says what is wrong. */
    static void refused(Client.Reply r, int status, String messagePart) {
        assertEquals(status, r.status(), r.raw().body());
        JsonNode err = r.json().get("error");
        assertNotNull(err, r.raw().body());
        assertTrue(err.has("type") && err.has("param") && err.has("code"), err.toString());
        assertTrue(err.get("message").asText().contains(messagePart), err.get("message").asText());
    }

    @Test
    void badRequestsAreRefusedClearlyAndTheServerGoesOn() {
        refused(client.post("/v1/completions", "{\"prompt\": "), 400, "not valid JSON");
        refused(client.post("/v1/completions", "[1, 2]"), 400, "JSON object");
        refused(client.post("/v1/completions", obj().put("model", "gpt-4").put("prompt", "x")), 404, "gpt-4");
        refused(client.post("/v1/completions", obj()), 400, "'prompt' is required");
        refused(client.post("/v1/completions", obj().put("prompt", "x").put("max_tokens", 5000)), 400, "maximum context length is 4096");
        refused(client.post("/v1/completions", obj().put("prompt", "y".repeat(4100))), 400, "4100 tokens");
        refused(client.post("/v1/completions", obj().put("prompt", "x").put("temperature", "hot")), 400, "'temperature' must be a number");
        refused(client.post("/v1/completions", obj().put("prompt", "x").put("n", 1000)), 400, "'n' must be in");
        refused(client.post("/v1/completions", obj().put("prompt", "x").put("grammar", "root ::= missing")), 400,
                "the grammar does not compile");
        refused(client.post("/v1/completions", obj().put("prompt", "x").put("grammar", "/etc/passwd")), 400,
                "the grammar does not compile");
        ObjectNode badIds = obj();
        badIds.putArray("prompt").add(1).add(99999);
        refused(client.post("/v1/completions", badIds), 400, "outside the vocabulary");
        refused(client.post("/v1/completions", obj().put("prompt", "x".repeat(5 << 20))), 413, "larger than");
        refused(client.get("/v1/completions"), 405, "use POST");
        refused(client.get("/v1/nothing"), 404, "no route");
        ObjectNode chat = obj();
        chat.putArray("messages").addObject().put("content", "no role");
        refused(client.post("/v1/chat/completions", chat), 400, "role");
        refused(client.post("/update_weights_from_disk", obj().put("model_path", "/no/such/dir")), 403, "refresh is off");
        // still serving
        assertEquals(200, client.post("/v1/completions", obj().put("prompt", "x").put("max_tokens", 2)).status());
        assertTrue(server.refusedRequests() >= 15);
    }

    @Test
    void thirtyTwoConcurrentClientsGetWhatEachGetsAlone() throws Exception {
        int clients = 32, maxTokens = 6;
        List<Callable<int[]>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ObjectNode req = obj().put("prompt", "q" + i).put("max_tokens", maxTokens).put("temperature", 1.0).put("seed", i)
                    .put("return_token_ids", true);
            calls.add(() -> {
                Client.Reply r = client.post("/v1/completions", req);
                assertEquals(200, r.status(), r.raw().body());
                return ints(r.json().get("choices").get(0).get("token_ids"));
            });
        }
        long stepsBefore = model.scheduler().stats().decodeSteps();
        model.scheduler().hold();
        List<Future<int[]>> results;
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            results = new ArrayList<>();
            for (Callable<int[]> c : calls) results.add(pool.submit(c));
            // release once all are queued, so they start on the same step
            for (int i = 0; i < 2000 && model.scheduler().stats().waiting() < clients; i++) Thread.sleep(5);
            assertEquals(clients, model.scheduler().stats().waiting());
            model.scheduler().release();
            int longest = 0;
            for (int i = 0; i < clients; i++) {
                int[] got = results.get(i).get();
                longest = Math.max(longest, got.length);
                Completion alone = reference(List.of(TOK.encode("q" + i)), params(maxTokens, 1.0, i)).getFirst();
                assertArrayEquals(alone.ids(), got, "client " + i);
            }
            // they shared decode steps: as many as the longest needed, not one per token per client
            assertEquals(longest, model.scheduler().stats().decodeSteps() - stepsBefore);
        } finally {
            model.scheduler().release();
        }
    }

    static JsonNode read(String s) {
        try {
            return Client.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }
}
