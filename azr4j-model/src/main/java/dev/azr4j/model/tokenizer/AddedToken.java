package dev.azr4j.model.tokenizer;

/**
 * An entry of {@code added_tokens} in {@code tokenizer.json}: matched in the text before BPE.
 * {@code normalized}: matched in the normalised text (else in the raw text); {@code lstrip}/{@code rstrip}:
 * the match swallows whitespace on that side; {@code singleWord}: matched only between non-word characters.
 */
record AddedToken(int id, String content, boolean special, boolean normalized,
                  boolean lstrip, boolean rstrip, boolean singleWord) {}
