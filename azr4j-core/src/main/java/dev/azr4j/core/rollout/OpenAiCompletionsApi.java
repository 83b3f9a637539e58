package dev.azr4j.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code POST /v1/completions} with the prompt as token ids, {@code logprobs: 0} and vLLM's
 * {@code return_token_ids: true} ({@code azr serve}; vLLM 0.10.2 or newer, which should run with
 * {@code --logprobs-mode processed_logprobs} so that its log-probabilities are those of the
 * tempered distribution the trainer recomputes). Reads {@code choices[i].token_ids},
 * {@code choices[i].logprobs.token_logprobs}, {@code finish_reason} and our {@code weight_version}.
 */
public final class OpenAiCompletionsApi implements RolloutApi {
    @Override
    public List<RemoteCompletion> sample(ServerClient server, int[] prompt, Request r) {
        ObjectNode body = ServerClient.JSON.createObjectNode();
        if (r.model() != null) body.put("model", r.model());
        ArrayNode p = body.putArray("prompt");
        for (int id : prompt) p.add(id);
        body.put("n", r.n());
        body.put("max_tokens", r.maxTokens());
        body.put("temperature", r.temperature());
        body.put("top_p", r.topP());
        if (r.topK() > 0) body.put("top_k", r.topK());
        body.put("seed", r.seed());
        body.put("logprobs", 0);
        body.put("return_token_ids", true);
        ArrayNode stops = body.putArray("stop_token_ids");
        r.stopIds().stream().sorted().forEach(stops::add);
        return server.post("/v1/completions", body, a -> read(a, r.n()));
    }

    public static List<RemoteCompletion> read(ServerClient.Answer a, int n) {
        JsonNode choices = a.body().get("choices");
        if (choices == null || !choices.isArray() || choices.size() != n) {
            throw new ServerClient.BadAnswer("expected " + n + " choices, got " + (choices == null ? "none" : choices.size()));
        }
        long version = a.body().has("weight_version") ? a.body().get("weight_version").asLong() : a.weightVersion();
        RemoteCompletion[] out = new RemoteCompletion[n];
        for (JsonNode c : choices) {
            int index = c.path("index").asInt(-1);
            if (index < 0 || index >= n || out[index] != null) throw new ServerClient.BadAnswer("bad choice index " + c.get("index"));
            JsonNode ids = c.get("token_ids");
            if (ids == null || !ids.isArray()) {
                throw new ServerClient.BadAnswer("choice " + index + " has no token_ids (vLLM needs 0.10.2+ for return_token_ids)");
            }
            JsonNode lps = c.path("logprobs").path("token_logprobs");
            if (!lps.isArray()) throw new ServerClient.BadAnswer("choice " + index + " has no logprobs.token_logprobs");
            out[index] = new RemoteCompletion(ints(ids), floats(lps), "length".equals(c.path("finish_reason").asText()), version);
        }
        return List.of(out);
    }

    public static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).canConvertToInt()) throw new ServerClient.BadAnswer("token id " + a.get(i) + " is not an integer");
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) throw new ServerClient.BadAnswer("log-probability " + a.get(i) + " is not a number");
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }
}
