package dev.azr4j.core.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** No probe item enters training: items are keyed by their program, names aside, and their input (or output). */
class ProbeItemKeysTest {
    @Test
    void namesAreNumberedAndEverythingElseKept() {
        assertEquals(ProbeItemKeys.canonical("def f(a):\n    return [v * 4 for v in a]"),
                ProbeItemKeys.canonical("def f(data):\n    return [x * 4 for x in data]"));
        assertEquals("def f(_0):\n return _0.count('x') + len(_0)", ProbeItemKeys.canonical("def f(word):\n    return word.count('x') + len(word)"));
        assertNotEquals(ProbeItemKeys.canonical("def f(a):\n    return a + 'x'"), ProbeItemKeys.canonical("def f(a):\n    return a + 'y'"),
                "string literals are kept");
        assertEquals("def f(_0):\n return sorted(_0, key=len)", ProbeItemKeys.canonical("def f(ws):\n    return sorted(ws, key=len)"),
                "keyword arguments are kept");
    }

    @Test
    void anItemIsItsProgramWithItsInputOrItsOutput() {
        ProbeItemKeys keys = ProbeItemKeys.of(List.of(
                ProbeItem.io("o1", ProbeItem.OUTPUT, "def f(arr):\n    return arr[-1]", "[0, 5]", "5"),
                ProbeItem.io("i1", ProbeItem.INPUT, "def f(s):\n    return s.upper()", "'ab'", "'AB'"),
                ProbeItem.program("p1", "def f(a):\n    return a - 3", List.of("1", "2"), List.of("-2", "-1"), "subtract 3")));
        assertTrue(keys.isProbeItem("def f(a):\n    return a[-1]", "[0, 5]", "5"), "the same program under another name");
        assertFalse(keys.isProbeItem("def f(a):\n    return a[-1]", "[0, 6]", "6"), "the same program on another input is open");
        assertFalse(keys.isProbeItem("def f(a):\n    return a[-1]", null, "5"), "an output item is keyed by its input only");
        assertTrue(keys.isProbeItem("def f(x):\n    return x.upper()", "'aB'", "'AB'"), "an input item's output is its question");
        assertTrue(keys.holdsProbeItem("def f(n):\n    return n - 3", List.of("7", "2")));
        assertFalse(keys.holdsProbeItem("def f(n):\n    return n - 3", List.of("7", "8")));
    }

    @Test
    void theShippedSetsAreAllKeyed() {
        ProbeItemKeys keys = ProbeItemKeys.shipped();
        for (String name : ProbeFiles.SHIPPED) {
            for (ProbeItem it : ProbeFiles.shipped(name)) {
                if (it.input() != null) assertTrue(keys.isProbeItem(it.code(), it.input(), null), name + " " + it.id());
                else assertTrue(keys.holdsProbeItem(it.code(), it.inputs()), name + " " + it.id());
            }
        }
    }
}
