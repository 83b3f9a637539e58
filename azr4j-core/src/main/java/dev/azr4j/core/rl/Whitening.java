package dev.azr4j.core.rl;

/** How the mean and variance of a group's rewards are weighted (spec §7.1). */
public enum Whitening {
    /** Every response token counts once, as the original's {@code masked_whiten} (default). */
    TOKEN,
    /** Every response counts once, as the paper's formula. */
    RESPONSE
}
