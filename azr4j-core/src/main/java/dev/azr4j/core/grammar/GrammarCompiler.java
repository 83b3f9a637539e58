package dev.azr4j.core.grammar;

import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.Tokenizer;

/**
 * Turns a {@link GrammarSource} into a {@link TokenGrammar} for one tokenizer. The command line
 * wires the grammar engine in ({@code dev.azr4j.cli.EngineGrammars}); the loop and the policy only
 * see this interface.
 */
@FunctionalInterface
public interface GrammarCompiler {

    /** @throws dev.azr4j.core.UserException when the grammar cannot be read or compiled (one line naming it) */
    TokenGrammar compile(GrammarSource source, Tokenizer tokenizer);

    /** The compiler of a policy nobody gave one: every grammar is refused with a clear message. */
    GrammarCompiler NONE = (source, tokenizer) -> {
        throw new dev.azr4j.core.UserException("grammar " + source.name()
                + " cannot be used: no grammar engine is available to this command");
    };
}
