package dev.azr4j.core.parse;

/** Either a parsed value or the reason parsing failed; exactly one of the two is non-null. */
public record Parsed<T>(T value, ParseFailure failure) {
    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(value, null);
    }

    public static <T> Parsed<T> fail(ParseFailure failure) {
        return new Parsed<>(null, failure);
    }

    public boolean isOk() {
        return failure == null;
    }
}
