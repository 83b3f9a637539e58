package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.sample.SamplingParams;
import dev.azr4j.model.tokenizer.ChatMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A parsed {@code /v1/completions} or {@code /v1/chat/completions} request: the prompts (as ids),
 * {@code n} completions of each, the sampling parameters and what to return.
 *
 * @param logprobs     most likely tokens to report per step; -1 for no log-probabilities at all
 * @param includeUsage {@code stream_options.include_usage}: a last chunk with the token counts
 */
record GenerationRequest(List<int[]> prompts, int n, SamplingParams params, int logprobs, boolean echo,
                         boolean stream, boolean returnTokenIds, boolean includeUsage, TokenGrammar grammar) {
    static final int MAX_N = 64;
    static final int MAX_LOGPROBS = 20;
    static final int MAX_STOP = 16;
    /** Log-probabilities (chosen and top) one answer sent whole may hold until it is sent: about 100 MB of events. */
    static final long MAX_HELD_LOGPROBS = 2_000_000;

    /** Sequences the request asks for. */
    int sequences() {
        return prompts.size() * n;
    }

    /** The prompts, each repeated n times, in the order of OpenAI's choice indices. */
    List<int[]> expanded() {
        List<int[]> out = new ArrayList<>(sequences());
        for (int[] p : prompts) for (int j = 0; j < n; j++) out.add(p);
        return out;
    }

    /** The fields each route knows; any other is refused by name. */
    private static final Set<String> COMMON_FIELDS = Set.of("model", "max_tokens", "temperature", "top_p", "top_k", "seed", "stop", "n",
            "logprobs", "stream", "stream_options", "presence_penalty", "frequency_penalty", "repetition_penalty", "logit_bias", "user",
            "return_token_ids", "stop_token_ids", "ignore_eos", "grammar");
    private static final Set<String> COMPLETIONS_FIELDS = union(COMMON_FIELDS, "prompt", "echo", "best_of");
    private static final Set<String> CHAT_FIELDS = union(COMMON_FIELDS, "messages", "max_completion_tokens", "top_logprobs");
    private static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "name");
    private static final Set<String> STREAM_OPTIONS_FIELDS = Set.of("include_usage");

    private static Set<String> union(Set<String> a, String... more) {
        Set<String> s = new HashSet<>(a);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }

    static GenerationRequest completions(JsonNode body, ServedModel model, Limits limits) throws InterruptedException {
        Fields.onlyKnown(body, COMPLETIONS_FIELDS, "");
        checkModel(body, model);
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) throw ApiException.invalid("prompt", "'prompt' is required");
        List<int[]> prompts = new ArrayList<>();
        if (prompt.isTextual()) {
            prompts.add(model.encode(prompt.asText()));
        } else if (prompt.isArray() && !prompt.isEmpty()) {
            JsonNode first = prompt.get(0);
            if (first.isIntegralNumber()) {
                prompts.add(Fields.ids(prompt, "prompt"));
            } else {
                for (JsonNode p : prompt) {
                    if (p.isTextual()) prompts.add(model.encode(p.asText()));
                    else if (p.isArray()) prompts.add(Fields.ids(p, "prompt"));
                    else throw ApiException.invalid("prompt", "'prompt' must be a string, a list of strings, a list of token ids or a list of such lists");
                }
            }
        } else {
            throw ApiException.invalid("prompt", "'prompt' must be a string, a list of strings, a list of token ids or a list of such lists (and not empty)");
        }
        int logprobs = Fields.present(body, "logprobs") ? (int) Fields.integer(body, "logprobs", 0, 0, MAX_LOGPROBS) : -1;
        return common(body, model, limits, prompts, 16, logprobs, Fields.bool(body, "echo", false));
    }

    static GenerationRequest chat(JsonNode body, ServedModel model, Limits limits) throws InterruptedException {
        Fields.onlyKnown(body, CHAT_FIELDS, "");
        checkModel(body, model);
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalid("messages", "'messages' must be a non-empty list of {\"role\", \"content\"}");
        }
        List<ChatMessage> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String param = "messages[" + i + "]";
            if (!m.isObject()) throw ApiException.invalid(param, param + " must be an object with 'role' and 'content'");
            Fields.onlyKnown(m, MESSAGE_FIELDS, param + ".");
            String role = Fields.text(m, "role");
            if (role == null) throw ApiException.invalid(param + ".role", param + ".role is required");
            turns.add(new ChatMessage(role, content(m.get("content"), param + ".content")));
        }
        List<int[]> prompts = List.of(model.encode(model.chatTemplate().render(turns, true)));
        int logprobs = -1;
        if (Fields.bool(body, "logprobs", false)) logprobs = (int) Fields.integer(body, "top_logprobs", 0, 0, MAX_LOGPROBS);
        JsonNode maxCompletion = body.get("max_completion_tokens");
        int dflt = Math.max(1, model.contextLength() - prompts.getFirst().length);
        GenerationRequest r = common(body, model, limits, prompts, dflt, logprobs, false);
        if (maxCompletion != null && !maxCompletion.isNull() && !Fields.present(body, "max_tokens")) {
            int max = (int) Fields.integer(body, "max_completion_tokens", dflt, 0, Integer.MAX_VALUE);
            checkContext(prompts, max, model);
            r = new GenerationRequest(r.prompts, r.n, params(max, r.params.temperature(), r.params.topK(),
                    r.params.topP(), r.params.seed(), r.params.stopTokenIds(), r.params.stopStrings()), r.logprobs, r.echo,
                    r.stream, r.returnTokenIds, r.includeUsage, r.grammar);
        }
        return r;
    }

    private static String content(JsonNode c, String param) {
        if (c == null || c.isNull()) return "";
        if (c.isTextual()) return c.asText();
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : c) {
                if (!part.isObject() || !"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiException.invalid(param, param + ": only text parts {\"type\": \"text\", \"text\": ...} are supported");
                }
                sb.append(part.get("text").asText());
            }
            return sb.toString();
        }
        throw ApiException.invalid(param, param + " must be a string or a list of text parts");
    }

    private static void checkModel(JsonNode body, ServedModel model) {
        String name = Fields.text(body, "model");
        if (name != null && !name.equals(model.name())) {
            throw new ApiException(404, "invalid_request_error", "model", "model_not_found",
                    "The model '" + name + "' does not exist; this server serves '" + model.name() + "'");
        }
    }

    private static GenerationRequest common(JsonNode body, ServedModel model, Limits limits, List<int[]> prompts,
                                            int defaultMaxTokens, int logprobs, boolean echo) throws InterruptedException {
        for (String unsupported : List.of("presence_penalty", "frequency_penalty", "repetition_penalty")) {
            double v = Fields.number(body, unsupported, 0, -2, 2);
            if (v != 0 && !(unsupported.equals("repetition_penalty") && v == 1)) {
                throw ApiException.invalid(unsupported, "'" + unsupported + "' is not supported by this server");
            }
        }
        if (Fields.present(body, "logit_bias") && !body.get("logit_bias").isObject()) {
            throw ApiException.invalid("logit_bias", "'logit_bias' must be an object of token ids to biases");
        }
        if (Fields.present(body, "logit_bias") && !body.get("logit_bias").isEmpty()) {
            throw ApiException.invalid("logit_bias", "'logit_bias' is not supported by this server");
        }
        int n = (int) Fields.integer(body, "n", 1, 1, MAX_N);
        if (Fields.present(body, "best_of") && Fields.integer(body, "best_of", n, 1, MAX_N) != n) {
            throw ApiException.invalid("best_of", "'best_of' other than n is not supported by this server");
        }
        int maxTokens = (int) Fields.integer(body, "max_tokens", defaultMaxTokens, 0, Integer.MAX_VALUE);
        double temperature = Fields.number(body, "temperature", 1.0, 0, 2);
        double topP = Fields.number(body, "top_p", 1.0, Double.MIN_VALUE, 1);
        int topK = (int) Fields.integer(body, "top_k", 0, -1, Integer.MAX_VALUE);
        long seed = Fields.present(body, "seed") ? Fields.integer(body, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE)
                : ThreadLocalRandom.current().nextLong();
        List<String> stop = Fields.strings(body, "stop", MAX_STOP);
        Set<Integer> stopIds = new HashSet<>(Fields.bool(body, "ignore_eos", false) ? Set.of() : model.stopIds());
        if (Fields.present(body, "stop_token_ids")) for (int id : Fields.ids(body.get("stop_token_ids"), "stop_token_ids")) stopIds.add(id);
        boolean stream = Fields.bool(body, "stream", false);
        boolean includeUsage = false;
        JsonNode so = body.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) throw ApiException.invalid("stream_options", "'stream_options' must be an object");
            Fields.onlyKnown(so, STREAM_OPTIONS_FIELDS, "stream_options.");
            includeUsage = Fields.bool(so, "include_usage", false);
        }
        int vocab = model.weights().model().config().vocabSize();
        for (int[] p : prompts) {
            if (p.length == 0) throw ApiException.invalid("prompt", "the prompt is empty (it encodes to no tokens)");
            for (int id : p) {
                if (id >= vocab) throw ApiException.invalid("prompt", "token id " + id + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        checkContext(prompts, maxTokens, model);
        long held = (long) prompts.size() * n * maxTokens * (1 + Math.max(0, logprobs));
        if (!stream && logprobs >= 0 && held > MAX_HELD_LOGPROBS) {
            throw ApiException.invalid("logprobs", "the answer would hold " + held + " log-probabilities (sequences × max_tokens × (1 + logprobs)); "
                    + "the limit for an answer sent whole is " + MAX_HELD_LOGPROBS + ": ask for fewer, or set 'stream': true");
        }
        if ((long) prompts.size() * n > limits.maxSequencesPerRequest()) {
            throw ApiException.invalid("n", "the request asks for " + prompts.size() * (long) n + " sequences (prompts × n); the limit is "
                    + limits.maxSequencesPerRequest());
        }
        // last: a compile costs more than every other check
        TokenGrammar grammar = GrammarSupport.compile(body.get("grammar"), model.tokenizer());
        SamplingParams params = params(maxTokens, temperature, Math.max(0, topK), topP, seed, stopIds, stop).withGrammar(grammar);
        return new GenerationRequest(List.copyOf(prompts), n, params, logprobs, echo, stream,
                Fields.bool(body, "return_token_ids", false), includeUsage, grammar);
    }

    /** Built through the factory and withers, which survive fields being added to the record (a grammar). */
    private static SamplingParams params(int maxTokens, double temperature, int topK, double topP, long seed,
                                         Set<Integer> stopIds, List<String> stop) {
        return SamplingParams.sample(maxTokens, temperature, seed).withTopK(topK).withTopP(topP).withStopTokens(stopIds)
                .withStopStrings(stop);
    }

    private static void checkContext(List<int[]> prompts, int maxTokens, ServedModel model) {
        int ctx = model.contextLength();
        for (int[] p : prompts) {
            if (p.length >= ctx) {
                throw new ApiException(400, "invalid_request_error", "prompt", "context_length_exceeded",
                        "the prompt is " + p.length + " tokens but the model's maximum context length is " + ctx + " tokens");
            }
            if ((long) p.length + maxTokens > ctx) {
                throw new ApiException(400, "invalid_request_error", "max_tokens", "context_length_exceeded",
                        "This model's maximum context length is " + ctx + " tokens. However, you requested "
                                + ((long) p.length + maxTokens) + " tokens (" + p.length + " in the prompt, " + maxTokens
                                + " in the completion). Please reduce the prompt or max_tokens.");
            }
        }
    }

    /** Server-wide bounds: sequences in one request, requests waiting for the batch. */
    record Limits(int maxSequencesPerRequest, int maxWaiting) {}
}
