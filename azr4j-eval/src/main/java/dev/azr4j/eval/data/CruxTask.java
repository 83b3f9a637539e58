package dev.azr4j.eval.data;

import java.util.Locale;

/** What a CRUXEval-format item asks: the output of {@code f(input)} (deduction) or an input giving the output (abduction). */
public enum CruxTask {
    OUTPUT, INPUT;

    /** {@code output}/{@code deduction} or {@code input}/{@code abduction}; null when the text names neither. */
    public static CruxTask parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "output", "deduction", "o" -> OUTPUT;
            case "input", "abduction", "i" -> INPUT;
            default -> null;
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
