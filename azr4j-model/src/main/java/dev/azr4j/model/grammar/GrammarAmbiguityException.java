package dev.azr4j.model.grammar;

/**
 * A grammar that holds more parses of the text at once than the recogniser keeps: a property of
 * the grammar, found while decoding (compiling cannot see it), so a server answers the request
 * that brought the grammar with a 400 rather than a 500.
 */
public final class GrammarAmbiguityException extends IllegalStateException {
    public GrammarAmbiguityException(String message) {
        super(message);
    }
}
