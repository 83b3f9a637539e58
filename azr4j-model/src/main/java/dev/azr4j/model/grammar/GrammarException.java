package dev.azr4j.model.grammar;

/**
 * A grammar that cannot be compiled. The message is one line of the form
 * {@code SOURCE:LINE:COLUMN: rule 'NAME': what is wrong} (the rule part left out where no rule is
 * concerned), so that a command line can print it as it is.
 */
public final class GrammarException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final int column;

    public GrammarException(String source, int line, int column, String rule, String problem) {
        super(source + ":" + line + ":" + column + ": " + (rule == null ? "" : "rule '" + rule + "': ") + problem);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file name (or shipped grammar name) the grammar came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column of the problem. */
    public int column() {
        return column;
    }
}
