package dev.azr4j.core.prompt;

/**
 * How wordy the task prompts are. FULL and COMPACT have the same sections, blocks and answer
 * format; COMPACT shortens the instructions so that byte-level models with small contexts can see
 * them. TERSE ({@link TerseFormat}) drops the wrapper, the instructions and the reasoning section:
 * one-letter sections and the bare answer, for a byte-level model trained from zero.
 */
public enum PromptStyle { FULL, COMPACT, TERSE }
