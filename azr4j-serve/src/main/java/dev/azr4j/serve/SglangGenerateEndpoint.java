package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.azr4j.model.sample.Completion;
import java.io.IOException;
import java.util.List;

/**
 * SGLang's native {@code POST /generate}, the part rollout clients use: {@code input_ids} (one list
 * or a batch of lists) or {@code text} (a string or a list), {@code sampling_params}
 * ({@code max_new_tokens}, {@code temperature}, {@code top_p}, {@code top_k} (-1 off),
 * {@code stop_token_ids}, {@code stop}, {@code ignore_eos}), {@code return_logprob}. Answers one
 * object (a list for a batch) with {@code text}, {@code output_ids} and {@code meta_info}
 * ({@code prompt_tokens}, {@code completion_tokens}, {@code finish_reason.type},
 * {@code output_token_logprobs} as {@code [logprob, id, null]}, {@code weight_version}). The request
 * is translated to the completions request and runs through the same scheduler.
 */
final class SglangGenerateEndpoint {
    private final ServedModel model;
    private final GenerationRequest.Limits limits;

    SglangGenerateEndpoint(ServedModel model, GenerationRequest.Limits limits) {
        this.model = model;
        this.limits = limits;
    }

    private static final java.util.Set<String> FIELDS = java.util.Set.of("input_ids", "text", "sampling_params", "return_logprob");
    private static final java.util.Set<String> SAMPLING_FIELDS = java.util.Set.of("max_new_tokens", "temperature", "top_p", "top_k",
            "stop", "stop_token_ids", "ignore_eos", "seed", "sampling_seed");

    void handle(HttpExchange ex, JsonNode body) throws IOException, InterruptedException {
        Fields.onlyKnown(body, FIELDS, "");
        JsonNode input = Fields.present(body, "input_ids") ? body.get("input_ids") : body.get("text");
        if (input == null || input.isNull()) throw ApiException.invalid("input_ids", "'input_ids' or 'text' is required");
        boolean batch = input.isArray() && !input.isEmpty() && !input.get(0).isIntegralNumber();
        ObjectNode req = Http.JSON.createObjectNode();
        req.set("prompt", input);
        JsonNode sp = body.path("sampling_params");
        if (!sp.isMissingNode() && !sp.isNull() && !sp.isObject()) throw ApiException.invalid("sampling_params", "'sampling_params' must be an object");
        if (sp.isObject()) Fields.onlyKnown(sp, SAMPLING_FIELDS, "sampling_params.");
        // typed as the completions route types them: a string is not a number here either
        req.put("max_tokens", sp.isObject() ? (int) Fields.integer(sp, "max_new_tokens", 128, 0, Integer.MAX_VALUE) : 128);
        for (String k : List.of("temperature", "top_p", "top_k", "stop", "stop_token_ids", "ignore_eos", "seed")) {
            if (sp.has(k)) req.set(k, sp.get(k));
        }
        if (sp.has("sampling_seed")) req.set("seed", sp.get("sampling_seed"));
        boolean logprobs = Fields.bool(body, "return_logprob", false);
        if (logprobs) req.put("logprobs", 0);
        GenerationRequest r = GenerationRequest.completions(req, model, limits);
        GenerationEndpoint.checkQueue(model, limits);
        Generation g = new Generation(model, r);
        ex.getResponseHeaders().set(Http.WEIGHT_VERSION_HEADER, Long.toString(g.ticket().weights().version()));
        java.io.OutputStream started = g.awaitWhole(ex);
        int n = r.sequences();
        SequenceText[] texts = new SequenceText[n];
        ArrayNode[] lps = new ArrayNode[n];
        Completion[] done = new Completion[n];
        for (int i = 0; i < n; i++) {
            texts[i] = new SequenceText(model.tokenizer(), r.params().stopStrings());
            lps[i] = Http.JSON.createArrayNode();
        }
        while (true) {
            Generation.Event e = g.next();
            if (e instanceof Generation.Token t) {
                texts[t.seq()].add(t.token());
                lps[t.seq()].addArray().add(t.logprob()).add(t.token()).addNull();
            } else if (e instanceof Generation.Finish f) {
                texts[f.seq()].finish(f.completion().finishReason());
                done[f.seq()] = f.completion();
            } else if (e instanceof Generation.End end) {
                if (end.error() != null) {
                    ApiException failed = GenerationEndpoint.failure(end.error());
                    if (started == null) throw failed;
                    Generation.sendWhole(ex, started, failed.status(), Http.errorBody(failed));
                    return;
                }
                break;
            }
        }
        ArrayNode out = Http.JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            ObjectNode o = out.addObject();
            o.put("text", texts[i].text());
            ArrayNode ids = o.putArray("output_ids");
            for (int id : done[i].ids()) ids.add(id);
            ObjectNode meta = o.putObject("meta_info");
            meta.put("prompt_tokens", r.prompts().get(i).length);
            meta.put("completion_tokens", done[i].ids().length);
            ObjectNode fin = meta.putObject("finish_reason");
            fin.put("type", done[i].finishReason() == Completion.FinishReason.LENGTH ? "length" : "stop");
            if (logprobs) meta.set("output_token_logprobs", lps[i]);
            meta.put("weight_version", g.ticket().weights().version());
        }
        Generation.sendWhole(ex, started, 200, batch ? out : out.get(0));
    }
}
