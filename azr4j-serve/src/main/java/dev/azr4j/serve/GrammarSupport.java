package dev.azr4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.Tokenizer;

/**
 * The request's {@code grammar} field (GBNF text or the name of a shipped grammar). The grammar
 * engine is built on its own branch; until it is merged this refuses every grammar with a clear
 * 400. Integration point: replace the body of {@link #compile} by {@code Grammars.load(...)} and
 * pass the result to {@code SamplingParams} (see {@link GenerationRequest}).
 */
final class GrammarSupport {
    private GrammarSupport() {}

    /** The compiled grammar of the field; null when the request has none. */
    static TokenGrammar compile(JsonNode field, Tokenizer tokenizer) {
        if (field == null || field.isNull()) return null;
        if (!field.isTextual() || field.asText().isBlank()) {
            throw ApiException.invalid("grammar", "'grammar' must be GBNF text or the name of a shipped grammar");
        }
        throw ApiException.invalid("grammar", "grammar support is not available in this build");
    }
}
