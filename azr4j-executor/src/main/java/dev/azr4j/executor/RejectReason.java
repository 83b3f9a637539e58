package dev.azr4j.executor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why strict grading refused an answer without comparing it (the answer is not a value; see
 * EXECUTOR.md "What an answer is"). Carried by {@link ExecError#reason()} when the kind is
 * {@link ErrorKind#REJECTED}; {@link #id()} is the stable lowercase name used on the wire and in
 * the {@code solve/<type>/answer_rejected/<reason>} metrics.
 */
public enum RejectReason {
    /** Does not parse as one expression (an argument list for inputs), e.g. an unterminated string. */
    SYNTAX,
    /** A {@code #} comment outside a string: {@code 0#junk}. */
    COMMENT,
    /** More than one statement: {@code 0; 1}, {@code 0\n1}. */
    STATEMENTS,
    /** Operators other than a sign on a number or a complex literal: {@code 2 * 7 + 1}, {@code not 0}. */
    ARITHMETIC,
    /** A call other than the constructor forms repr produces: {@code sorted([3, 1, 2])}, {@code len("abc")}. */
    CALL,
    /** A list, set or dict comprehension or a generator expression. */
    COMPREHENSION,
    LAMBDA,
    /** An f-string (formatting is computation). */
    FSTRING,
    /** An assignment expression {@code (x := 5)}. */
    WALRUS,
    /** {@code *xs} or {@code **kw} unpacking. */
    STARRED,
    /** A bare name such as the program's {@code a} or {@code f} (True, False, None are literals). */
    NAME,
    /** Attribute access other than naming a constructor ({@code datetime.date(...)}). */
    ATTRIBUTE,
    /** Any other expression: subscripts, comparisons, conditionals, boolean operators, await, yield. */
    EXPRESSION,
    /** The answer text is longer than any stored value can be. */
    TOO_LARGE,
    /** The program's value compares equal to a different value too (an {@code __eq__} that accepts anything). */
    DEGENERATE_EQ;

    /** The stable lowercase name, e.g. {@code "comment"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static final Map<String, RejectReason> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(RejectReason::id, r -> r));

    /** The reason named by {@code id}, or {@code null} when no reason has that name. */
    public static RejectReason fromId(String id) {
        return id == null ? null : BY_ID.get(id);
    }
}
