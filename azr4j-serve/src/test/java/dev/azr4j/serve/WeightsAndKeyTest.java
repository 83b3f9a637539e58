package dev.azr4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.model.backend.CpuBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.io.DType;
import dev.azr4j.model.nn.ModelCheckpoint;
import dev.azr4j.model.nn.Transformer;
import dev.azr4j.model.sample.Sampler;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weight refresh while requests are in flight, and the API key. */
class WeightsAndKeyTest {
    @TempDir
    Path tmp;

    static Path save(Transformer m, Path dir) throws Exception {
        ModelCheckpoint.save(m, dir, DType.F32);
        Tokenizers.save(ByteTokenizer.instance(), dir);
        return dir;
    }

    static int[] ids(Client.Reply r) {
        return ServerTest.ints(r.json().get("choices").get(0).get("token_ids"));
    }

    @Test
    void requestsInFlightFinishOnTheirWeightsAndNewOnesGetTheNewVersion() throws Exception {
        try (CpuBackend backend = new CpuBackend(2)) {
            Path v1 = save(Transformer.random(ModelPresets.get("tiny"), 1, backend), tmp.resolve("v1"));
            Path v2 = save(Transformer.random(ModelPresets.get("tiny"), 2, backend), tmp.resolve("v2"));
            Files.writeString(Files.createDirectories(tmp.resolve("broken")).resolve("config.json"), "{not json");
            ByteTokenizer tok = ByteTokenizer.instance();
            int[] prompt = tok.encode("def f(x):");
            try (ServedModel model = ServedModel.load(v1, null, backend, 16);
                 OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0).withWeightDirs(List.of(tmp)))) {
                Client client = new Client(server.baseUri(), null);
                SamplingParams p = SamplingParams.sample(20, 1.0, 4).withStopTokens(model.stopIds());
                List<int[]> alone1 = List.of(new Sampler(ModelCheckpoint.load(v1, backend)).generate(List.of(prompt), p).getFirst().ids());
                List<int[]> alone2 = List.of(new Sampler(ModelCheckpoint.load(v2, backend)).generate(List.of(prompt), p).getFirst().ids());
                ObjectNode req = ServerTest.obj().put("prompt", "def f(x):").put("max_tokens", 20).put("temperature", 1.0)
                        .put("seed", 4).put("return_token_ids", true);
                assertEquals("v1", client.get("/v1/models").json().get("data").get(0).get("id").asText());
                model.scheduler().hold();
                CompletableFuture<Client.Reply> inFlight = CompletableFuture.supplyAsync(() -> client.post("/v1/completions", req));
                for (int i = 0; i < 2000 && model.scheduler().stats().waiting() < 1; i++) Thread.sleep(5);
                Client.Reply swap = client.post("/update_weights_from_disk", ServerTest.obj().put("model_path", v2.toString()));
                assertEquals(200, swap.status(), swap.raw().body());
                assertTrue(swap.json().get("success").asBoolean());
                assertEquals(2, swap.json().get("weight_version").asLong());
                model.scheduler().release();
                Client.Reply old = inFlight.get();
                assertEquals(1, old.weightVersion());
                assertEquals(1, old.json().get("weight_version").asLong());
                assertArrayEquals(alone1.getFirst(), ids(old), "the request in flight kept the weights it started with");
                Client.Reply fresh = client.post("/v1/completions", req);
                assertEquals(2, fresh.weightVersion());
                assertArrayEquals(alone2.getFirst(), ids(fresh), "a new request runs on the new weights");
                // a bad checkpoint is refused with its reason and the weights stay
                Client.Reply bad = client.post("/update_weights_from_disk", ServerTest.obj().put("model_path", tmp.resolve("broken").toString()));
                assertEquals(400, bad.status());
                assertFalse(bad.json().get("success").asBoolean());
                assertTrue(bad.json().get("error").get("message").asText().contains("config.json"), bad.raw().body());
                assertEquals(2, client.get("/health").json().get("weight_version").asLong());
                assertArrayEquals(alone2.getFirst(), ids(client.post("/v1/completions", req)));
            }
        }
    }

    @Test
    void theKeyIsRequiredWhenSet() throws Exception {
        try (CpuBackend backend = new CpuBackend(1);
             ServedModel model = ServedModel.of("m", Transformer.random(ModelPresets.get("tiny"), 1, backend), ByteTokenizer.instance(), 8);
             OpenAiServer server = OpenAiServer.start(model, OpenAiServer.Options.loopback(0).withApiKey("s3cret"))) {
            ObjectNode req = ServerTest.obj().put("prompt", "a").put("max_tokens", 2);
            ServerTest.refused(new Client(server.baseUri(), null).post("/v1/completions", req), 401, "API key is required");
            ServerTest.refused(new Client(server.baseUri(), "wrong").post("/v1/completions", req), 401, "incorrect API key");
            ServerTest.refused(new Client(server.baseUri(), "wrong").get("/v1/models"), 401, "incorrect API key");
            ServerTest.refused(new Client(server.baseUri(), null).post("/update_weights_from_disk", ServerTest.obj().put("model_path", "/")), 401, "API key");
            Client good = new Client(server.baseUri(), "s3cret");
            assertEquals(200, good.post("/v1/completions", req).status());
            assertEquals(200, new Client(server.baseUri(), null).get("/health").status());
            JsonNode body = good.send(HttpRequest.newBuilder(server.baseUri().resolve("/v1/models")).GET()).json();
            assertEquals("m", body.get("data").get(0).get("id").asText());
        }
    }

    @Test
    void aFullQueueAnswers503AndTheServerRecovers() throws Exception {
        try (CpuBackend backend = new CpuBackend(1);
             ServedModel model = ServedModel.of("m", Transformer.random(ModelPresets.get("tiny"), 1, backend), ByteTokenizer.instance(), 8);
             OpenAiServer server = OpenAiServer.start(model, new OpenAiServer.Options("127.0.0.1", 0, null, 1 << 20, 16, 1))) {
            Client client = new Client(server.baseUri(), null);
            ObjectNode req = ServerTest.obj().put("prompt", "a").put("max_tokens", 2);
            model.scheduler().hold();
            CompletableFuture<Client.Reply> queued = CompletableFuture.supplyAsync(() -> client.post("/v1/completions", req));
            for (int i = 0; i < 2000 && model.scheduler().stats().waiting() < 1; i++) Thread.sleep(5);
            ServerTest.refused(client.post("/v1/completions", req), 503, "retry later");
            model.scheduler().release();
            assertEquals(200, queued.get().status());
            assertEquals(200, client.post("/v1/completions", req).status());
        }
    }
}
