package dev.azr4j.core.gate;

import dev.azr4j.core.Sandbox;
import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalFormTest {
    static CanonicalForm canonical(PythonExecutor exec, String program, List<String> inputs) {
        ExecResult r = exec.execute(List.of(CanonicalForm.request(program, inputs))).getFirst();
        return CanonicalForm.of(r, inputs.size()).orElseThrow(() -> new AssertionError("no canonical form: " + r));
    }

    @Test
    void namesSpacingCommentsAndDocstringsDoNotMatterConstantsAndStructureDo() {
        PythonExecutor exec = Sandbox.start(ExecutorOptions.defaults().withWorkers(1));
        try (exec) {
            CanonicalForm a = canonical(exec, "def f(a):\n    b = a + 1\n    return [v * 2 for v in range(b)]", List.of("3", "'x', [1,2]"));
            CanonicalForm b = canonical(exec, "def f(n):\n    \"\"\"Doubles.\"\"\"\n    # a comment\n    m=n+1  # more\n\n    return [ w*2 for w in range(m) ]\n",
                    List.of(" (3) ", "\"x\",[1, 2,]"));
            assertEquals(a, b);
            assertEquals("def f(_v0):\n    _v1 = _v0 + 1\n    return [_v2 * 2 for _v2 in range(_v1)]", a.program());
            assertEquals(List.of("3", "'x', [1, 2]"), a.inputs());
            assertNotEquals(a.program(), canonical(exec, "def f(a):\n    b = a + 2\n    return [v * 2 for v in range(b)]", List.of()).program());
            assertNotEquals(a.program(), canonical(exec, "def f(a):\n    b = a + 1\n    return [v * 2 for v in sorted(b)]", List.of()).program());
            // nested functions and their parameters are renamed, builtins, modules and attributes are not
            CanonicalForm n = canonical(exec, "import math\ndef f(xs):\n    def g(t):\n        return math.floor(t)\n    return sorted(map(g, xs), key=abs)", List.of());
            assertEquals("import math\n\ndef f(_v0):\n\n    def _v1(_v2):\n        return math.floor(_v2)\n    return sorted(map(_v1, _v0), key=abs)", n.program());
            // a program made of a docstring only keeps its shape
            assertEquals("def f(_v0):\n    pass", canonical(exec, "def f(a):\n    'nothing'", List.of()).program());
        }
        assertEquals(new CanonicalForm("def f(a):\n    return a\n", List.of("3")), CanonicalForm.exact("def f(a):   \n\n    return a\n", List.of(" 3 ")));
    }

    @Test
    void malformedResultsGiveNoForm() {
        assertTrue(CanonicalForm.of(new ExecResult(true, "5", null, null, null, 0.1), 0).isEmpty());
        assertTrue(CanonicalForm.of(new ExecResult(true, "('p', ['a'])", null, null, null, 0.1), 2).isEmpty());
        assertEquals(new CanonicalForm("p", List.of("a")), CanonicalForm.of(new ExecResult(true, "('p', ['a'])", null, null, null, 0.1), 1).orElseThrow());
        assertTrue(CanonicalForm.of(new ExecResult(false, null, null, null, null, 0.1), 0).isEmpty());
        assertInstanceOf(ExecRequest.Run.class, CanonicalForm.request("def f(a):\n    return a", List.of("1")));
    }
}
