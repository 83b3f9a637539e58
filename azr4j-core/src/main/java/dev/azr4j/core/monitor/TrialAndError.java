package dev.azr4j.core.monitor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects trial and error in a reasoning text: the model tries a value, checks it, and revises.
 *
 * <p>How it is detected: three kinds of cue phrases are searched for, case-insensitively, and the
 * text counts as trial and error when a <em>try</em> cue is followed (later in the text) by a
 * <em>check</em> cue, which is followed by a <em>revise</em> cue. All three are needed, in that
 * order; a text that only tries values ("let's try 3"), or checks without revising, does not count.
 * <ul>
 *   <li>try: "let's try", "let me try", "try", "suppose", "assume", "guess", "plug in",
 *       "test with", "if we use/take/pick/choose", "what if";</li>
 *   <li>check: "check", "verify", "test", "gives", "returns", "results in", "we get", "that is",
 *       "output is", "==", "evaluates to";</li>
 *   <li>revise: "wait", "no,", "not correct", "incorrect", "wrong", "doesn't/does not work",
 *       "doesn't/does not match", "not equal", "mismatch", "try again", "try another", "instead",
 *       "actually", "let me reconsider", "that's not", "too big/small/large/high/low".</li>
 * </ul>
 * It is a heuristic over English phrasing, not an understanding of the reasoning: it measures how
 * often the model writes in that style, which is the behaviour the paper reports.
 */
public final class TrialAndError {
    private static final Pattern TRY = Pattern.compile(
            "\\b(let'?s try|let me try|try(ing)?|suppose|assume|guess|plug(ging)? in|test(ing)? with"
                    + "|if we (use|take|pick|choose)|what if)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHECK = Pattern.compile(
            "(\\b(check(ing)?|verify(ing)?|test(ing)?|gives|returns|results in|we get|that is|output is|evaluates to)\\b|==)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REVISE = Pattern.compile(
            "(\\bwait\\b|\\bno,|\\bnot correct\\b|\\bincorrect\\b|\\bwrong\\b|\\b(doesn'?t|does not) (work|match)\\b"
                    + "|\\bnot equal\\b|\\bmismatch\\b|\\btry (again|another)\\b|\\binstead\\b|\\bactually\\b"
                    + "|\\blet me reconsider\\b|\\bthat'?s not\\b|\\btoo (big|small|large|high|low)\\b)",
            Pattern.CASE_INSENSITIVE);

    private TrialAndError() {}

    /** Whether {@code reasoning} tries a value, then checks it, then revises (in that order). */
    public static boolean detect(String reasoning) {
        if (reasoning == null || reasoning.isEmpty()) return false;
        Matcher t = TRY.matcher(reasoning);
        if (!t.find()) return false;
        Matcher c = CHECK.matcher(reasoning);
        if (!c.find(t.end())) return false;
        return REVISE.matcher(reasoning).find(c.end());
    }
}
