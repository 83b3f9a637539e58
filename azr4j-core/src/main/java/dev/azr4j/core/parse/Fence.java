package dev.azr4j.core.parse;

/** One closed Markdown code fence: its language tag (lowercase, may be empty) and its stripped content. */
public record Fence(String tag, String content) {}
