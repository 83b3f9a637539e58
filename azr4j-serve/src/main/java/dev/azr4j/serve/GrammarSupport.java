package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.grammar.GrammarException;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.Tokenizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request's {@code grammar} field: the name of a shipped grammar ({@link Grammars#SHIPPED}) or
 * GBNF text. Never a file path: a client must not make the server read its files. Compiled
 * grammars are kept per tokenizer and text (the last {@value #CACHED}), since compiling one
 * against a large vocabulary takes from a tenth of a second to seconds.
 */
final class GrammarSupport {
    private GrammarSupport() {}

    static final int CACHED = 16;

    private record Key(Tokenizer tokenizer, String text) {}

    private static final Map<Key, TokenGrammar> COMPILED = Collections.synchronizedMap(new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, TokenGrammar> eldest) {
            return size() > CACHED;
        }
    });

    /** The compiled grammar of the field; null when the request has none. */
    static TokenGrammar compile(JsonNode field, Tokenizer tokenizer) {
        if (field == null || field.isNull()) return null;
        if (!field.isTextual() || field.asText().isBlank()) {
            throw ApiException.invalid("grammar", "'grammar' must be GBNF text or the name of a shipped grammar ("
                    + String.join(", ", Grammars.SHIPPED) + ")");
        }
        String text = field.asText();
        Key key = new Key(tokenizer, text);
        TokenGrammar g = COMPILED.get(key);
        if (g != null) return g;
        try {
            g = Grammars.SHIPPED.contains(text) ? Grammars.shipped(text, tokenizer) : Grammars.compile(text, "grammar", tokenizer);
        } catch (GrammarException e) {
            throw ApiException.invalid("grammar", "the grammar does not compile: " + e.getMessage());
        }
        COMPILED.put(key, g);
        return g;
    }
}
