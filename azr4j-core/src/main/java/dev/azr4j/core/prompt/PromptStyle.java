package dev.azr4j.core.prompt;

/**
 * How wordy the task prompts are. Both styles have the same sections, blocks and answer format;
 * COMPACT shortens the instructions so that byte-level models with small contexts can see them.
 */
public enum PromptStyle { FULL, COMPACT }
