package dev.azr4j.executor;

/** One input/output example: {@code input} is argument-list text, {@code output} a Python literal. */
public record IoPair(String input, String output) {}
