package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.azr4j.model.tokenizer.ChatMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * vLLM's {@code POST /tokenize} ({@code {"prompt": TEXT}} or {@code {"messages": [...]}} →
 * {@code {"tokens", "count", "max_model_len"}}) and {@code POST /detokenize}
 * ({@code {"tokens": [ids]}} → {@code {"prompt": TEXT}}).
 */
final class TokenizeEndpoint {
    private final ServedModel model;

    TokenizeEndpoint(ServedModel model) {
        this.model = model;
    }

    private static final java.util.Set<String> TOKENIZE_FIELDS = java.util.Set.of("model", "prompt", "text", "messages",
            "add_special_tokens", "add_generation_prompt");
    private static final java.util.Set<String> DETOKENIZE_FIELDS = java.util.Set.of("model", "tokens", "skip_special_tokens");

    void tokenize(HttpExchange ex, JsonNode body) throws IOException {
        Fields.onlyKnown(body, TOKENIZE_FIELDS, "");
        int[] ids;
        if (Fields.present(body, "messages")) {
            JsonNode ms = body.get("messages");
            if (!ms.isArray()) throw ApiException.invalid("messages", "'messages' must be a list");
            List<ChatMessage> turns = new ArrayList<>();
            for (JsonNode m : ms) {
                String role = Fields.text(m, "role"), content = Fields.text(m, "content");
                if (role == null || content == null) throw ApiException.invalid("messages", "each message needs a string 'role' and 'content'");
                turns.add(new ChatMessage(role, content));
            }
            ids = model.encode(model.chatTemplate().render(turns, Fields.bool(body, "add_generation_prompt", true)));
        } else {
            String text = Fields.text(body, "prompt");
            if (text == null) text = Fields.text(body, "text");
            if (text == null) throw ApiException.invalid("prompt", "'prompt' (a string) or 'messages' is required");
            ids = Fields.bool(body, "add_special_tokens", true) ? model.encode(text) : model.tokenizer().encode(text);
        }
        ObjectNode root = Http.JSON.createObjectNode();
        for (int id : ids) root.withArray("tokens").add(id);
        if (ids.length == 0) root.putArray("tokens");
        root.put("count", ids.length);
        root.put("max_model_len", model.contextLength());
        Http.sendJson(ex, 200, root);
    }

    void detokenize(HttpExchange ex, JsonNode body) throws IOException {
        Fields.onlyKnown(body, DETOKENIZE_FIELDS, "");
        JsonNode tokens = body.get("tokens");
        if (tokens == null) throw ApiException.invalid("tokens", "'tokens' (a list of token ids) is required");
        int[] ids = Fields.ids(tokens, "tokens");
        int vocab = model.weights().model().config().vocabSize();
        for (int id : ids) if (id >= vocab) throw ApiException.invalid("tokens", "token id " + id + " is outside the vocabulary [0, " + vocab + ")");
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("prompt", model.tokenizer().decode(ids, Fields.bool(body, "skip_special_tokens", false)));
        Http.sendJson(ex, 200, root);
    }
}
