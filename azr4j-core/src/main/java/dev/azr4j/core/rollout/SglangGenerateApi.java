package dev.azr4j.core.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * SGLang's native {@code POST /generate}: {@code input_ids} (the prompt repeated n times, a batch),
 * {@code sampling_params} (no seed: SGLang's per-request seeding differs between versions), {@code return_logprob: true}; reads each result's {@code output_ids}
 * (or the ids in {@code meta_info.output_token_logprobs}, entries {@code [logprob, id, text]}) and
 * {@code meta_info.finish_reason.type}. Written to SGLang's documentation and tested against
 * {@code azr serve}'s {@code /generate}; not run against a real SGLang here.
 */
public final class SglangGenerateApi implements RolloutApi {
    @Override
    public List<RemoteCompletion> sample(ServerClient server, int[] prompt, Request r) {
        ObjectNode body = ServerClient.JSON.createObjectNode();
        ArrayNode batch = body.putArray("input_ids");
        for (int j = 0; j < r.n(); j++) {
            ArrayNode p = batch.addArray();
            for (int id : prompt) p.add(id);
        }
        ObjectNode sp = body.putObject("sampling_params");
        sp.put("max_new_tokens", r.maxTokens());
        sp.put("temperature", r.temperature());
        sp.put("top_p", r.topP());
        sp.put("top_k", r.topK() > 0 ? r.topK() : -1);
        ArrayNode stops = sp.putArray("stop_token_ids");
        r.stopIds().stream().sorted().forEach(stops::add);
        body.put("return_logprob", true);
        return server.post("/generate", body, a -> read(a, r.n()));
    }

    static List<RemoteCompletion> read(ServerClient.Answer a, int n) {
        JsonNode results = a.body();
        if (!results.isArray() || results.size() != n) {
            throw new ServerClient.BadAnswer("expected a list of " + n + " results, got " + shorten(results));
        }
        List<RemoteCompletion> out = new ArrayList<>(n);
        for (JsonNode res : results) {
            JsonNode meta = res.path("meta_info");
            JsonNode lps = meta.path("output_token_logprobs");
            if (!lps.isArray()) throw new ServerClient.BadAnswer("a result has no meta_info.output_token_logprobs (return_logprob)");
            int[] ids = new int[lps.size()];
            float[] values = new float[lps.size()];
            for (int i = 0; i < ids.length; i++) {
                JsonNode e = lps.get(i);
                if (!e.isArray() || e.size() < 2 || !e.get(0).isNumber() || !e.get(1).canConvertToInt()) {
                    throw new ServerClient.BadAnswer("output_token_logprobs entry " + e + " is not [logprob, id, ...]");
                }
                values[i] = (float) e.get(0).asDouble();
                ids[i] = e.get(1).asInt();
            }
            if (res.has("output_ids") && res.get("output_ids").isArray()) ids = OpenAiCompletionsApi.ints(res.get("output_ids"));
            long version = meta.has("weight_version") ? meta.get("weight_version").asLong(-1) : a.weightVersion();
            out.add(new RemoteCompletion(ids, values, "length".equals(meta.path("finish_reason").path("type").asText()), version));
        }
        return out;
    }

    private static String shorten(JsonNode n) {
        String s = n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
