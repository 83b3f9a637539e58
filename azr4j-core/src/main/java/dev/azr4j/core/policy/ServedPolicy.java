package dev.azr4j.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.azr4j.core.config.RolloutConfig;
import dev.azr4j.core.rollout.OpenAiCompletionsApi;
import dev.azr4j.core.rollout.RemoteCompletion;
import dev.azr4j.core.rollout.RolloutServerException;
import dev.azr4j.core.rollout.ServerClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model on an OpenAI-compatible server ({@code azr serve}, vLLM; SGLang's OpenAI routes), as a
 * generate-only {@link Policy} for evaluation ({@code azr eval --server URL}): no local files are
 * needed. Prompts go as text to {@code POST /v1/completions} with {@code return_token_ids}
 * (the prompt's and the completion's ids come back) and {@code logprobs: 0}; token counts come
 * from {@code POST /tokenize}, the context length from {@code GET /v1/models}'s {@code max_model_len}.
 * Only the servers, key, model name, timeout, retries and concurrency of {@link RolloutConfig} are used.
 */
public final class ServedPolicy implements Policy {
    private final List<ServerClient> servers;
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong errors = new AtomicLong();
    private String modelName;
    private int contextLength = -1;
    private long next;

    public ServedPolicy(RolloutConfig config) {
        if (config.servers().isEmpty()) throw new IllegalArgumentException("no server given (rollout.servers / --server)");
        ServerClient.Settings s = new ServerClient.Settings(config.apiKey(), Duration.ofMillis(config.timeoutMs()),
                config.retries(), Duration.ofMillis(config.backoffMs()), config.maxConcurrency());
        List<ServerClient> list = new ArrayList<>();
        for (String url : config.servers()) list.add(new ServerClient(url, s, errors));
        servers = List.copyOf(list);
        modelName = config.modelName();
    }

    /** Reads the model list once: the model's id (unless one was given) and its context length. */
    private synchronized void describe() {
        if (contextLength > 0) return;
        JsonNode models = servers.getFirst().get("/v1/models", a -> {
            if (!a.body().path("data").isArray() || a.body().get("data").isEmpty()) throw new ServerClient.BadAnswer("/v1/models lists no model");
            return a.body().get("data");
        });
        JsonNode chosen = models.get(0);
        if (modelName != null) {
            chosen = null;
            for (JsonNode m : models) if (modelName.equals(m.path("id").asText())) chosen = m;
            if (chosen == null) throw new RolloutServerException("the server at " + servers.getFirst().base() + " does not serve '"
                    + modelName + "'; it lists " + models.findValuesAsText("id"));
        }
        modelName = chosen.path("id").asText();
        contextLength = chosen.path("max_model_len").asInt(-1);
        if (contextLength <= 0) {
            throw new RolloutServerException("the server at " + servers.getFirst().base() + " does not give max_model_len for '" + modelName + "'");
        }
    }

    /** The id of the served model. */
    public String modelName() {
        describe();
        return modelName;
    }

    @Override
    public List<Completion> generate(List<String> prompts, Sampling sampling) {
        describe();
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < prompts.size(); ) {
            int j = i + 1;
            while (j < prompts.size() && prompts.get(j).equals(prompts.get(i))) j++;
            runs.add(new int[] {i, j - i});
            i = j;
        }
        List<Future<List<Completion>>> futures = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            int[] run = runs.get(r);
            ServerClient server = servers.get((int) (next++ % servers.size()));
            ObjectNode body = ServerClient.JSON.createObjectNode();
            body.put("model", modelName).put("prompt", prompts.get(run[0])).put("n", run[1]).put("max_tokens", sampling.maxTokens())
                    .put("temperature", sampling.temperature()).put("top_p", sampling.topP())
                    .put("seed", sampling.seed() + 0x9E3779B97F4A7C15L * r).put("logprobs", 0).put("return_token_ids", true);
            if (sampling.topK() > 0) body.put("top_k", sampling.topK());
            futures.add(requests.submit(() -> server.post("/v1/completions", body, a -> read(a, run[1]))));
        }
        List<Completion> out = new ArrayList<>(prompts.size());
        for (Future<List<Completion>> f : futures) {
            try {
                out.addAll(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new RolloutServerException("a request failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RolloutServerException("interrupted while waiting for the server");
            }
        }
        return out;
    }

    private static List<Completion> read(ServerClient.Answer a, int n) {
        List<RemoteCompletion> cs = OpenAiCompletionsApi.read(a, n);
        List<Completion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonNode choice = a.body().get("choices").get(i);
            for (JsonNode c : a.body().get("choices")) if (c.path("index").asInt() == i) choice = c;
            JsonNode promptIds = choice.get("prompt_token_ids");
            if (promptIds == null || !promptIds.isArray()) promptIds = a.body().path("prompt_token_ids");
            int[] prompt = promptIds.isArray() ? OpenAiCompletionsApi.ints(promptIds) : new int[0];
            RemoteCompletion c = cs.get(i);
            out.add(new Completion(choice.path("text").asText(""), prompt, c.ids(), c.logprobs(),
                    c.length() ? FinishReason.LENGTH : FinishReason.STOP));
        }
        return out;
    }

    @Override
    public int countTokens(String text) {
        describe();
        ObjectNode body = ServerClient.JSON.createObjectNode().put("model", modelName).put("prompt", text);
        return servers.getFirst().post("/tokenize", body, a -> {
            JsonNode count = a.body().get("count");
            if (count != null && count.canConvertToInt()) return count.asInt();
            JsonNode tokens = a.body().get("tokens");
            if (tokens == null || !tokens.isArray()) throw new ServerClient.BadAnswer("/tokenize gave neither count nor tokens");
            return tokens.size();
        });
    }

    @Override
    public int contextLength() {
        describe();
        return contextLength;
    }

    /** Failed tries so far (each was logged and retried). */
    public long errors() {
        return errors.get();
    }

    @Override
    public UpdateStats update(List<TrainSequence> batch, LossSettings settings) {
        throw new UnsupportedOperationException("a served model is only sampled from; train with RemotePolicy");
    }

    @Override
    public void save(Path dir) {
        throw new UnsupportedOperationException("a served model has no local weights to save");
    }

    @Override
    public void close() {
        requests.shutdownNow();
    }
}
