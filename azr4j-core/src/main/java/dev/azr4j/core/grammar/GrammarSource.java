package dev.azr4j.core.grammar;

/**
 * A grammar before it is compiled against a tokenizer: GBNF text with the name it is reported by,
 * or (with {@code gbnf} null) the file or shipped-grammar name the grammar engine loads. Compared
 * by value, so one compiled form per source and tokenizer can be cached.
 */
public record GrammarSource(String name, String gbnf) {
    public GrammarSource {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a grammar source needs a name");
    }

    /** A file path or a shipped grammar's name, resolved by the engine's loader. */
    public static GrammarSource named(String fileOrName) {
        return new GrammarSource(fileOrName, null);
    }

    /** GBNF text, reported as {@code name} in error messages. */
    public static GrammarSource text(String name, String gbnf) {
        if (gbnf == null) throw new IllegalArgumentException("no GBNF text for " + name);
        return new GrammarSource(name, gbnf);
    }

    @Override
    public String toString() {
        return name;
    }
}
