package dev.azr4j.core.gate;

import dev.azr4j.core.Sandbox;
import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputVariantsTest {
    static final List<String> INPUTS = List.of("5", "-12", "0", "3.5", "'abc'", "\"Hello World 42\"", "''", "[1, 2, 3]", "[]",
            "(1, 'a')", "{'k': 1, 'j': [2]}", "{1, 2}", "True", "None", "[[1, 2], [3]]", "'a', 3", "x=4, y='q'", "123456789012345678901234567890");

    @Test
    void literalsParseAndRenderBack() {
        for (String in : INPUTS) {
            var args = PyLiteral.parseArgs(in).orElseThrow(() -> new AssertionError(in));
            String text = PyLiteral.renderArgs(args);
            assertEquals(args, PyLiteral.parseArgs(text).orElseThrow(), in + " -> " + text);
        }
        assertEquals(new PyLiteral.Str("a\n'b\u00e9"), PyLiteral.parse("'a\\n\\'b\\xe9'").orElseThrow());
        assertEquals(new PyLiteral.Seq(PyLiteral.SeqKind.TUPLE, List.of(new PyLiteral.Int(BigInteger.ONE))), PyLiteral.parse("(1,)").orElseThrow());
        assertEquals(new PyLiteral.Int(BigInteger.ONE), PyLiteral.parse("(1)").orElseThrow());
        for (String bad : List.of("len('ab')", "1 + 2", "b'x'", "0x10", "'''a'''", "[1, 2", "f(3)", "a"))
            assertTrue(PyLiteral.parseArgs(bad).isEmpty() || bad.equals("a"), bad);
        assertTrue(PyLiteral.parse("a").isEmpty());
    }

    @Test
    void variantsAreDistinctDeterministicAndKeepTheShape() {
        for (String in : INPUTS) {
            if (in.equals("None")) continue;
            List<String> v = InputVariants.of(in, 3, new SplittableRandom(1));
            assertEquals(v, InputVariants.of(in, 3, new SplittableRandom(1)), "deterministic");
            assertFalse(v.isEmpty(), in);
            assertFalse(v.contains(in), in);
            assertEquals(v.size(), v.stream().distinct().count());
        }
        assertEquals(List.of(), InputVariants.of("None", 3, new SplittableRandom(1)), "nothing to vary");
        assertEquals(List.of(), InputVariants.of("len('ab')", 3, new SplittableRandom(1)), "an expression is not varied");
        assertEquals(List.of("False"), InputVariants.of("True", 3, new SplittableRandom(1)));
        for (String v : InputVariants.of("(1, 'a')", 5, new SplittableRandom(2))) {
            var t = (PyLiteral.Seq) PyLiteral.parse(v).orElseThrow();
            assertEquals(PyLiteral.SeqKind.TUPLE, t.kind());
            assertInstanceOf(PyLiteral.Int.class, t.items().get(0));
            assertInstanceOf(PyLiteral.Str.class, t.items().get(1));
        }
        for (String v : InputVariants.of("{'k': 1, 'j': [2]}", 5, new SplittableRandom(3))) assertTrue(v.startsWith("{\"k\": "), v);
        for (String v : InputVariants.of("'abc'", 10, new SplittableRandom(4))) assertTrue(v.matches("\"[a-z]{2,4}\""), v);
        for (String v : InputVariants.of("[1, 2, 3]", 10, new SplittableRandom(5))) {
            var l = (PyLiteral.Seq) PyLiteral.parse(v).orElseThrow();
            assertTrue(l.items().size() >= 2 && l.items().size() <= 4, v);
            assertTrue(l.items().stream().allMatch(x -> x instanceof PyLiteral.Int i && i.value().abs().intValue() <= 100), v);
        }
    }

    /** Python itself agrees: every variant is an argument list whose values have the original's types. */
    @Test
    void pythonSeesTheSameTypes() {
        PythonExecutor exec = Sandbox.start(ExecutorOptions.defaults().withWorkers(1));
        String types = "def f(*a, **k):\n    return [type(x).__name__ for x in a] + sorted(k) + [type(k[n]).__name__ for n in sorted(k)]";
        try (exec) {
            List<ExecRequest> requests = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (String in : INPUTS) {
                requests.add(new ExecRequest.Run(types, in));
                expected.add(in);
                for (String v : InputVariants.of(in, 3, new SplittableRandom(9))) {
                    requests.add(new ExecRequest.Run(types, v));
                    expected.add(in);
                }
            }
            List<ExecResult> results = exec.execute(requests);
            String reference = null, of = null;
            for (int i = 0; i < results.size(); i++) {
                ExecResult r = results.get(i);
                assertTrue(r.ok(), ((ExecRequest.Run) requests.get(i)).input() + ": " + r.error());
                if (!expected.get(i).equals(of)) {
                    of = expected.get(i);
                    reference = r.output();
                } else {
                    assertEquals(reference, r.output(), "types of a variant of " + of + ": " + ((ExecRequest.Run) requests.get(i)).input());
                }
            }
        }
    }
}
