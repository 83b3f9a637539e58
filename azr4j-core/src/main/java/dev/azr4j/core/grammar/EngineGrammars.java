package dev.azr4j.core.grammar;

import dev.azr4j.core.UserException;
import dev.azr4j.model.grammar.GrammarException;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one bridge from the algorithm to the grammar engine ({@link Grammars}): loads a grammar by file
 * or shipped name, compiles GBNF text, and turns the engine's errors (one line with file, line,
 * column and rule) and unreadable files into {@link UserException}s, i.e. exit code 2.
 */
public final class EngineGrammars {
    private EngineGrammars() {}

    /** The compiler the self-play policy uses for {@code selfplay.grammar}. */
    public static final GrammarCompiler COMPILER = (source, tokenizer) ->
            source.gbnf() == null ? load(source.name(), tokenizer) : compile(source, tokenizer);

    /** A GBNF file or a shipped grammar's name, compiled against {@code tokenizer}. */
    public static TokenGrammar load(String fileOrName, Tokenizer tokenizer) {
        try {
            return Grammars.load(fileOrName, tokenizer);
        } catch (Exception e) {
            throw userError(fileOrName, e);
        }
    }

    private static TokenGrammar compile(GrammarSource source, Tokenizer tokenizer) {
        try {
            return Grammars.compile(source.gbnf(), source.name(), tokenizer);
        } catch (Exception e) {
            throw userError(source.name(), e);
        }
    }

    private static RuntimeException userError(String name, Exception e) {
        if (e instanceof GrammarException) return new UserException(e.getMessage(), e);
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return new UserException("cannot read grammar " + name + ": " + e.getMessage(), e);
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
}
