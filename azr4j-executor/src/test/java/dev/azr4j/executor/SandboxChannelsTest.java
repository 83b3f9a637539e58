package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The review's sandbox channels (issue 25), each on every CPython 3.10–3.13 this machine has (the
 * {@code python3.X} commands on PATH; the ones missing are left out, the default {@code python3}
 * always runs): a program that tries the channel gets {@code banned}, however it catches the
 * refusal, and the next request on the same worker sees nothing of it.
 */
class SandboxChannelsTest {
    private static final Map<String, PythonExecutor> POOLS = new LinkedHashMap<>();

    /**
     * One channel: {@code attack} is the body of {@code f(x)} (it catches every exception, so only
     * the worker's own record of the refusal can fail it); {@code after}, run next on the same
     * worker, must answer {@code expected}.
     */
    record Channel(String name, int minMinor, String attack, String after, String expected) {}

    static final List<Channel> CHANNELS = List.of(
            new Channel("sys.monitoring callback", 12, """
                    import sys
                    m = sys.monitoring
                    try:
                        m.use_tool_id(3, "spy")
                    except Exception:
                        pass
                    try:
                        m.register_callback(3, m.events.PY_RETURN, lambda *a: None)
                        m.set_events(3, m.events.PY_RETURN)
                    except Exception:
                        pass
                    return 1""", """
                    import sys
                    return sys.monitoring.get_events(3) if hasattr(sys, "monitoring") else 0""", "0"),
            new Channel("stack trampoline", 12, """
                    import sys
                    try:
                        sys.activate_stack_trampoline("perf")
                    except Exception:
                        pass
                    return 1""", """
                    import os
                    return os.listdir(".")""", "[]"),
            new Channel("raising the CPU limit", 10, """
                    import sys
                    r = sys.modules["resource"]
                    try:
                        soft, hard = r.getrlimit(r.RLIMIT_CPU)
                        r.setrlimit(r.RLIMIT_CPU, (hard, hard))
                    except Exception:
                        pass
                    return 1""", "return 2", "2"),
            new Channel("lowering the hard CPU limit", 10, """
                    import sys
                    r = sys.modules["resource"]
                    try:
                        r.setrlimit(r.RLIMIT_CPU, (1, 1))
                    except Exception:
                        pass
                    return 1""", """
                    n = 0
                    for i in range(3000000):
                        n += i
                    return n > 0""", "True"),
            new Channel("a FIFO in the sandbox directory", 10, """
                    import os
                    try:
                        os.mkfifo("pipe")
                    except Exception:
                        pass
                    return 1""", """
                    import os
                    return os.listdir(".")""", "[]"),
            new Channel("a device node through posix", 10, """
                    import sys
                    try:
                        sys.modules["posix"].mknod("node")
                    except Exception:
                        pass
                    return 1""", """
                    import os
                    return os.listdir(".")""", "[]"),
            new Channel("chroot", 10, """
                    import os
                    try:
                        os.chroot(".")
                    except Exception:
                        pass
                    return 1""", """
                    import fractions
                    return str(fractions.Fraction(1, 3))""", "'1/3'"),
            new Channel("a thread through queue.threading", 10, """
                    import queue, time
                    try:
                        queue.threading.Thread(target=time.sleep, args=(3,), daemon=True).start()
                    except Exception:
                        pass
                    return 1""", """
                    import queue
                    return queue.threading.active_count()""", "1"),
            new Channel("a thread hidden from the count", 10, """
                    import sys, time
                    t = sys.modules["_thread"]
                    th = sys.modules["threading"]
                    try:
                        t._count = lambda: 0
                        th.active_count = lambda: 1
                    except Exception:
                        pass
                    for start in ("start_new_thread", "start_joinable_thread"):
                        try:
                            getattr(t, start)(time.sleep, (3,))
                        except Exception:
                            pass
                    return 1""", """
                    import sys
                    t = sys.modules["_thread"]
                    return (t._count.__name__, t._count())""", "('_count', 0)"),
            new Channel("a fresh copy of _thread", 10, """
                    import sys
                    try:
                        del sys.modules["_thread"]
                        fresh = sys.modules["builtins"].__import__("_thread")
                        fresh.start_new_thread(lambda: None, ())
                    except Exception:
                        pass
                    return 1""", """
                    import sys
                    return "_thread" in sys.modules""", "True"),
            new Channel("the JSON encoder's code", 10, """
                    import json
                    try:
                        json.encoder.py_encode_basestring.__code__ = (lambda s: '"forged"').__code__
                    except Exception:
                        pass
                    try:
                        json.encoder.py_encode_basestring_ascii.__defaults__ = ("forged",)
                    except Exception:
                        pass
                    return 1""", """
                    import json
                    return json.encoder.py_encode_basestring("a")""", "'\"a\"'"));

    /** {@code python3}, then each python3.X found on PATH or in pyenv's versions (its shims answer only for the selected one). */
    static List<String> interpreters() {
        List<String> out = new ArrayList<>(List.of("python3"));
        String pyenv = System.getenv().getOrDefault("PYENV_ROOT", System.getProperty("user.home") + "/.pyenv");
        for (int minor = 10; minor <= 13; minor++) {
            List<String> candidates = new ArrayList<>(List.of("python3." + minor));
            try (var versions = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of(pyenv, "versions"), "3." + minor + ".*")) {
                for (var v : versions) candidates.add(v.resolve("bin/python3." + minor).toString());
            } catch (java.io.IOException e) {
                // no pyenv here
            }
            for (String python : candidates) {
                try {
                    PythonInterpreter p = PythonInterpreter.locate(python);
                    if (p.minor() == minor) {
                        out.add(python);
                        break;
                    }
                } catch (ExecutorUnavailableException e) {
                    // not this one
                }
            }
        }
        return out;
    }

    static PythonExecutor pool(String python) {
        return POOLS.computeIfAbsent(python, p -> Pools.start(ExecutorOptions.defaults().withWorkers(1).withTimeoutMs(3000).withPython(p)));
    }

    @AfterAll
    static void close() {
        POOLS.values().forEach(PythonExecutor::close);
        POOLS.clear();
    }

    @TestFactory
    Stream<DynamicTest> everyChannelOnEveryInterpreter() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String python : interpreters()) {
            for (Channel c : CHANNELS) {
                tests.add(DynamicTest.dynamicTest(python + ": " + c.name(), () -> {
                    PythonExecutor pool = pool(python);
                    int minor = PythonInterpreter.locate(python).minor();
                    ExecResult attack = pool.execute(new ExecRequest.Run(program(c.attack()), "1"));
                    if (minor >= c.minMinor()) {
                        assertFalse(attack.ok(), () -> c.name() + " was not refused: " + attack);
                        assertEquals(ErrorKind.BANNED, attack.error().kind(), attack::toString);
                    }
                    ExecResult after = pool.execute(new ExecRequest.Run(program(c.after()), "1"));
                    assertTrue(after.ok(), () -> "the request after " + c.name() + " failed: " + after);
                    assertEquals(c.expected(), after.output(), () -> c.name() + " reached the next request");
                }));
            }
        }
        return tests.stream();
    }

    /** What the refusals must leave alone: defaults a program gives its own functions, namedtuple's and dataclasses' included. */
    @TestFactory
    Stream<DynamicTest> honestProgramsNearTheseChannelsStillRun() {
        String program = """
                import collections, dataclasses, typing
                def f(x):
                    P = collections.namedtuple("P", "a b", defaults=[7])
                    class Q(typing.NamedTuple):
                        a: int
                        b: int = 8
                    @dataclasses.dataclass
                    class R:
                        a: int
                        b: int = 9
                    def g(u, v=1):
                        return u + v
                    g.__defaults__ = (2,)
                    return [P(x).b, Q(x).b, R(x).b, g(x)]""";
        return interpreters().stream().map(python -> DynamicTest.dynamicTest(python, () -> {
            ExecResult r = pool(python).execute(new ExecRequest.Validate(program, "1"));
            assertTrue(r.ok(), r::toString);
            assertEquals("[7, 8, 9, 3]", r.output());
        }));
    }

    static String program(String body) {
        return "def f(x):\n" + body.indent(4);
    }
}
