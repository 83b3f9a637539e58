package dev.azr4j.model.sample;

/** Turns token ids into text (a tokenizer's decode); used to detect stop strings. */
@FunctionalInterface
public interface TokenDecoder {
    String decode(int[] ids);
}
