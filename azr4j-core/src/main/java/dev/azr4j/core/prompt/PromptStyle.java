package dev.azr4j.core.prompt;

/**
 * How wordy the task prompts are. FULL and COMPACT have the same sections, blocks and answer
 * format; COMPACT shortens the instructions so that byte-level models with small contexts can see
 * them. TERSE ({@link TerseFormat}) drops the wrapper, the instructions and the reasoning section:
 * one-letter sections and the bare answer, for a byte-level model trained from zero. BARE is TERSE
 * with every one-line program shown as the expression it returns ({@code P:a + 1} for
 * {@code def f(a): return a + 1}): the head every such program shares is a third of a byte model's
 * deduction sequence and tells it nothing.
 */
public enum PromptStyle {
    FULL, COMPACT, TERSE, BARE;

    /** Whether this is one of the terse formats (TERSE or BARE): one-letter sections, bare answers. */
    public boolean terse() {
        return this == TERSE || this == BARE;
    }
}
