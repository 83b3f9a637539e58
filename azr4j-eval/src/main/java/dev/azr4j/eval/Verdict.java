package dev.azr4j.eval;

/**
 * The grade of one completion.
 *
 * @param extracted     the answer read from the completion (null when none could be read)
 * @param correct       right under the benchmark's own rule
 * @param correctStrict right under strict value grading (CRUXEval only; null elsewhere)
 * @param detail        why it is wrong when that is known: {@code unparsed}, an executor error kind, ...; null otherwise
 * @param correctBase   MBPP+: right on the base tests alone (null elsewhere)
 */
public record Verdict(String extracted, boolean correct, Boolean correctStrict, String detail, Boolean correctBase) {
    public Verdict(String extracted, boolean correct, Boolean correctStrict, String detail) {
        this(extracted, correct, correctStrict, detail, null);
    }

    public static final String UNPARSED = "unparsed";

    public static Verdict unparsed(boolean strictToo) {
        return new Verdict(null, false, strictToo ? Boolean.FALSE : null, UNPARSED);
    }

    public boolean parsed() {
        return extracted != null;
    }
}
