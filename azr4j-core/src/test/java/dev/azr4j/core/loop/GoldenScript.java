package dev.azr4j.core.loop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scripted model of the golden test: for each kind of prompt a pool of answers (valid tasks,
 * constants, duplicates, syntax and runtime errors, wrong and right solutions, malformed text), one
 * chosen by the prompt's hash and the kind's call count. Deterministic for a given sequence of
 * prompts, and varied enough that every path of a step (the gate's verdicts, repairs, flaky reruns,
 * learnability strictly between 0 and 1) is taken.
 */
final class GoldenScript implements Function<String, String> {
    private final Map<String, Integer> calls = new HashMap<>();

    private String pick(String kind, String prompt, List<String> pool) {
        int n = calls.merge(kind, 1, Integer::sum);
        return pool.get(Math.floorMod(prompt.hashCode() * 31 + n * 7, pool.size()));
    }

    @Override
    public String apply(String p) {
        String full = full(p);
        return full != null ? full : terse(p);
    }

    // ---- the terse and bare formats (tiny preset) --------------------------------------------

    private static final List<String> BARE_PROGRAMS = List.of(
            "a + 1\nI:2\n", "a * 3\nI:4\n", "5\nI:1\n", "a[::-1]\nI:'abc'\n", "len(a)\nI:[1, 2]\n", "a +\nI:1\n",
            "a * 3\nI:2\n", "a - 2\nI:7\n", "max(a, 3)\nI:1\n", "a // 0\nI:1\n", "a + 'e'\nI:'bo'\n", "a.count(1)\nI:[1, 1, 2]\n",
            "a > 5\nI:3\n", "sorted(a)\nI:[3, 1, 2]\n", "no newline",
            "a * 7 - 3\nI:5\n", "(a + 5) % 4\nI:6\n", "a[1:] + a[:1]\nI:'rod'\n", "[v * 2 for v in a if v > 1]\nI:[1, 3, 4]\n",
            "a * 7 - 3\nI:9\n", "min(a, 11) - 4\nI:13\n",
            "(a + 5) % 4\nI:2\n", "a * 7 - 3\nI:0\n", "(a + 5) % 4\nI:-1\n",
            "a * 0 + 4\nI:3\n", "len('abc')\nI:2\n", "a - a\nI:8\n");
    private static final List<String> BARE_INPUTS = List.of(
            "1\nI:2\nI:3\nI:4\nI:5\nI:6\nM:adds one\n", "1\nI:1\nI:1\nI:1\nI:1\nI:1\nM:same\n",
            "'a'\nI:'b'\nI:'c'\nI:'d'\nI:'e'\nI:'o'\nM:letters\n", "[1]\nI:[2, 3]\nI:[]\nI:[4]\nI:[5, 6]\nI:[7]\nM:lists\n",
            "3\nI:-4\nI:0\nI:9\nI:12\nI:-20\nM:numbers\n", "1\nI:2\nM:too few\n", "garbage");
    private static final List<String> BARE_OUTPUTS = List.of("3\n", "6\n", "0\n", "'cba'\n", "2\n", "True\n", "[1, 2, 3]\n", "x\n", "\n");
    private static final List<String> BARE_SOLVED_PROGRAMS = List.of("a + 1\n", "a * 3\n", "a\n", "len(a)\n", "a[::-1]\n", "a +\n", "5\n");

    private String terse(String p) {
        if (p.startsWith("T:inputs")) return pick("propose-inputs", p, BARE_INPUTS);
        if (p.startsWith("T:")) return pick("propose-program", p, BARE_PROGRAMS);
        if (p.endsWith("\nI:")) return pick("solve-input", p, BARE_OUTPUTS);     // abduction: an input
        if (p.endsWith("\nO:")) return pick("solve-output", p, BARE_OUTPUTS);    // deduction: an output
        return pick("solve-program", p, BARE_SOLVED_PROGRAMS);                   // induction: a program
    }

    // ---- the full format (the original's setting) -----------------------------------------------

    private static String answer(String body) {
        return "Let me think.</think> <answer>" + body + "</answer>";
    }

    private static String program(String body, String input) {
        return answer("```python\ndef f(x):\n    " + body + "\n```\n```input\n" + input + "\n```");
    }

    private static final List<String> FULL_PROGRAMS = List.of(
            program("return x + 1", "4"), program("return x * 2", "3"), program("return x // 0", "4"), program("return 7", "1"),
            program("return x[::-1]", "'abc'"), program("return len(x)", "[1, 2, 3]"), program("return x +", "1"),
            program("return x * 2", "3"), "blah blah", program("return sorted(x)", "[3, 1, 2]"),
            answer("```python\ndef f(x):\n    return g(x)\ndef g(y):\n    return y\n```\n```input\n1\n```"));
    private static final List<String> FULL_INPUTS = List.of(
            answer("```input\n1\n```\n```input\n2\n```\n```input\n3\n```\n```input\n4\n```\n```message\nreturns its input\n```"),
            answer("```input\n1\n```\n```message\ntoo few\n```"),
            answer("```input\n'a'\n```\n```input\n'b'\n```\n```input\n'c'\n```\n```input\n'd'\n```\n```message\nletters\n```"),
            "no answer");
    private static final List<String> FULL_ABDUCTION = List.of(
            answer("```input\n3\n```"), answer("```input\n1\n```"), answer("```input\n'cba'\n```"), "no think close <answer>```input\n1\n```</answer>",
            answer("```input\nnot a value\n```"));
    private static final List<String> FULL_DEDUCTION = List.of(
            answer("```output\n5\n```"), answer("```output\n6\n```"), answer("```output\n1\n```"), answer("```output\n'nope'\n```"),
            answer("```output\n3\n```"));
    private static final List<String> FULL_INDUCTION = List.of(
            answer("```python\ndef f(a):\n    return a\n```"), answer("```python\ndef f(a):\n    return a + 1\n```"), answer("I give up"));

    private String full(String p) {
        if (p.contains("## Task: Write a Python Code Snippet")) return pick("propose-program", p, FULL_PROGRAMS);
        if (p.contains("Inputs for a Python Code Snippet")) return pick("propose-inputs", p, FULL_INPUTS);
        if (p.contains("Give One Possible Input")) return pick("solve-input", p, FULL_ABDUCTION);
        if (p.contains("Deduce the Output")) return pick("solve-output", p, FULL_DEDUCTION);
        if (p.contains("Deduce the Function")) return pick("solve-program", p, FULL_INDUCTION);
        return null;   // not a full-format prompt
    }
}
