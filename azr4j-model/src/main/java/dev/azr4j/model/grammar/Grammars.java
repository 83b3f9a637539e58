package dev.azr4j.model.grammar;

import dev.azr4j.model.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Entry points: compile GBNF text, a shipped grammar or a file against a tokenizer. The tokenizer's
 * {@link Tokenizer#eosId()} always ends a sentence; further end tokens (e.g. a chat model's
 * {@code <|im_end|>}) may be given.
 */
public final class Grammars {
    /** The names of the grammars shipped as resources. */
    public static final List<String> SHIPPED = List.of("json", "python-literal", "python-program");

    private Grammars() {}

    /** Parses and compiles {@code gbnf} against {@code tok}; {@code sourceName} names it in errors. */
    public static TokenGrammar compile(String gbnf, String sourceName, Tokenizer tok) throws GrammarException {
        return compile(gbnf, sourceName, tok, GrammarBudget.DEFAULT);
    }

    /** As {@link #compile(String, String, Tokenizer)} under {@code budget} (a grammar from an untrusted client). */
    public static TokenGrammar compile(String gbnf, String sourceName, Tokenizer tok, GrammarBudget budget) throws GrammarException {
        // The tokenizer's trie (once per tokenizer) is built on another thread while the grammar compiles.
        java.util.concurrent.CompletableFuture<Void> vocab = java.util.concurrent.CompletableFuture.runAsync(() -> Vocabulary.of(tok));
        Grammar g;
        try {
            g = Grammar.parse(gbnf, sourceName, budget);
        } finally {
            vocab.join();
        }
        return compile(g, tok);
    }

    /** Binds {@code grammar} to {@code tok}; {@code extraEndIds} end a sentence besides the tokenizer's EOS. */
    public static TokenGrammar compile(Grammar grammar, Tokenizer tok, int... extraEndIds) throws GrammarException {
        Set<Integer> ends = new LinkedHashSet<>();
        ends.add(tok.eosId());
        for (int id : extraEndIds) ends.add(id);
        return new CompiledTokenGrammar(grammar, tok, ends.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The shipped grammar {@code name} (one of {@link #SHIPPED}) compiled against {@code tok}. */
    public static TokenGrammar shipped(String name, Tokenizer tok) throws GrammarException {
        return compile(shippedGrammar(name), tok);
    }

    /** The shipped grammar {@code name}, not bound to a tokenizer. */
    public static Grammar shippedGrammar(String name) throws GrammarException {
        return Grammar.parse(shippedSource(name), name);
    }

    /** The GBNF text of the shipped grammar {@code name}. */
    public static String shippedSource(String name) {
        if (!SHIPPED.contains(name)) throw new IllegalArgumentException("no shipped grammar '" + name + "'; shipped: " + String.join(", ", SHIPPED));
        try (InputStream in = Grammars.class.getResourceAsStream(name + ".gbnf")) {
            if (in == null) throw new IllegalStateException("shipped grammar resource " + name + ".gbnf is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A shipped grammar by name, or else the GBNF file at path {@code fileOrName}, not bound to a
     * tokenizer. A missing file is a {@link GrammarException} naming both readings.
     */
    public static Grammar loadGrammar(String fileOrName) throws GrammarException {
        return Grammar.parse(loadSource(fileOrName), fileOrName);
    }

    /** The GBNF text of a shipped grammar by name, or else of the file at {@code fileOrName}. */
    public static String loadSource(String fileOrName) throws GrammarException {
        if (SHIPPED.contains(fileOrName)) return shippedSource(fileOrName);
        Path path = Path.of(fileOrName);
        if (!Files.isRegularFile(path)) {
            throw new GrammarException(fileOrName, 1, 1, null, "no such grammar file, and not a shipped grammar (" + String.join(", ", SHIPPED) + ")");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GrammarException(fileOrName, 1, 1, null, "cannot read the file: " + e.getMessage());
        }
    }

    /** {@link #loadGrammar} compiled against {@code tok}; used by the command line's {@code --grammar FILE|NAME}. */
    public static TokenGrammar load(String fileOrName, Tokenizer tok, int... extraEndIds) throws GrammarException {
        return compile(loadGrammar(fileOrName), tok, extraEndIds);
    }

    /**
     * Fills the grammar's mask caches now, along {@code walks} seeded random walks of up to
     * {@code maxTokens} tokens, rather than at first use (each cache entry costs one walk of the
     * vocabulary trie); returns the number of cache entries. Safe to call while others decode.
     */
    public static int warmUp(TokenGrammar grammar, int walks, int maxTokens, long seed) {
        return grammar instanceof CompiledTokenGrammar c ? c.warmUp(walks, maxTokens, seed) : 0;
    }
}
