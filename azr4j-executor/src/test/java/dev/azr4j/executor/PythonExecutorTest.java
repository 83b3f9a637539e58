package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PythonExecutorTest {
    static PythonExecutor pool;

    @BeforeAll
    static void start() {
        pool = Pools.start(ExecutorOptions.defaults().withWorkers(2).withTimeoutMs(3000));
    }

    @AfterAll
    static void stop() {
        if (pool != null) pool.close();
    }

    static final String IDENTITY = "def f(a):\n    return a";

    @Test
    void runReturnsTheRepr() {
        ExecResult r = pool.execute(new ExecRequest.Run(IDENTITY, "\"Hello world\""));
        assertTrue(r.ok(), () -> r.toString());
        assertEquals("'Hello world'", r.output());
        assertNull(r.error());
    }

    @Test
    void runCutsLongOutputsLikeTheOriginal() {
        ExecResult r = pool.execute(new ExecRequest.Run("def f(n):\n    return list(range(n))", "300"));
        assertTrue(r.ok());
        assertEquals(403, r.output().length());
        assertTrue(r.output().startsWith("[0, 1, 2"));
        assertTrue(r.output().endsWith("298, 299]"));
        assertEquals("...", r.output().substring(200, 203));
    }

    @Test
    void validateAcceptsADeterministicProgram() {
        ExecResult r = pool.execute(new ExecRequest.Validate("def f(xs, k=2):\n    return sorted(x * k for x in xs)", "[3, 1, 2], k=3"));
        assertTrue(r.ok(), () -> r.toString());
        assertEquals("[3, 6, 9]", r.output());
    }

    @Test
    void multiLineInputsAreWholeArgumentLists() {
        ExecResult r = pool.execute(new ExecRequest.Validate("def f(a, b):\n    return a + b", "[1,\n 2],\n [3]  # comment"));
        assertTrue(r.ok(), () -> r.toString());
        assertEquals("[1, 2, 3]", r.output());
        ExecResult c = pool.execute(new ExecRequest.CheckInput("def f(a, b):\n    return a + b", "[1, 2, 3]", "[1],\n[2, 3]"));
        assertTrue(c.ok(), () -> c.toString());
    }

    @Test
    void aProgramRunAgainGetsFreshGlobalsFromItsCachedCode() {
        String counter = "calls = [0]\ndef f(a):\n    calls[0] += 1\n    return (a, calls[0])";
        for (int i = 0; i < 6; i++) {
            ExecResult r = pool.execute(new ExecRequest.Validate(counter, "7"));
            assertTrue(r.ok(), () -> r.toString());
            assertEquals("(7, 1)", r.output());
        }
    }

    @Test
    void theScreenStillAppliesToAProgramFirstCompiledWithoutIt() {
        String banned = "import time\ndef f(a):\n    return a";
        for (int i = 0; i < 4; i++) assertTrue(pool.execute(new ExecRequest.Run(banned, "1")).ok()); // run does not screen
        ExecResult v = pool.execute(new ExecRequest.Validate(banned, "1"));
        assertEquals(ErrorKind.BANNED, v.error().kind(), () -> v.toString());
    }

    @Test
    void theScreenSeesIdentifiersWrittenInOtherUnicodeForms() {
        // Python folds identifiers to NFKC: this is a call of input()
        ExecResult r = pool.execute(new ExecRequest.Validate("def f(a):\n    return \uff49\uff4e\uff50\uff55\uff54(a)", "1"));
        assertEquals(ErrorKind.BANNED, r.error().kind(), () -> r.toString());
        assertTrue(r.error().message().contains("input"), r.error().message());
    }

    @Test
    void inputThatClosesTheCallIsASyntaxError() {
        ExecResult r = pool.execute(new ExecRequest.Validate(IDENTITY, "1)(2"));
        assertEquals(ErrorKind.SYNTAX, r.error().kind());
    }

    @Test
    void validateErrorKinds() {
        record Case(String program, String input, ErrorKind kind) {}
        List<Case> cases = List.of(
                new Case("def f(a)\n    return a", "1", ErrorKind.SYNTAX),
                new Case("def g(a):\n    return a", "1", ErrorKind.NO_ENTRY),
                new Case("f = 3", "1", ErrorKind.NO_ENTRY),
                new Case("import random\ndef f(a):\n    return a", "1", ErrorKind.BANNED),
                new Case("from os import path\ndef f(a):\n    return a", "1", ErrorKind.BANNED),
                new Case("import os\ndef f(a):\n    return os.environ.get('X')", "1", ErrorKind.BANNED),
                new Case("import datetime.date\ndef f(a):\n    return a", "1", ErrorKind.BANNED),
                new Case("def f(a):\n    return input()", "1", ErrorKind.BANNED),
                new Case("def f(a):\n    return 1 / a", "0", ErrorKind.RUNTIME),
                new Case("def f(a):\n    raise ValueError('no')", "0", ErrorKind.RUNTIME),
                new Case("class Boom(Exception): pass\ndef f(a):\n    raise Boom()", "0", ErrorKind.RUNTIME),
                new Case("seen = []\ndef f(a):\n    import itertools\n    return object()", "0", ErrorKind.NONDETERMINISTIC),
                new Case("def f(a):\n    return float('nan')", "0", ErrorKind.UNSERIALIZABLE),
                new Case("def f(a):\n    return float('inf')", "0", ErrorKind.UNSERIALIZABLE),
                new Case("def f(a):\n    return lambda: a", "0", ErrorKind.NONDETERMINISTIC),
                new Case("class A:\n    def __repr__(self):\n        return 'A()'\ndef f(a):\n    return A()", "0", ErrorKind.UNSERIALIZABLE),
                new Case("def f(a):\n    return 'x' * 1000", "0", ErrorKind.TOO_LARGE),
                new Case("def f(a):\n    while True:\n        pass", "0", ErrorKind.TIMEOUT));
        List<ExecResult> results = pool.execute(cases.stream().map(c -> (ExecRequest) new ExecRequest.Validate(c.program(), c.input())).toList());
        for (int i = 0; i < cases.size(); i++) {
            ExecResult r = results.get(i);
            Case c = cases.get(i);
            assertFalse(r.ok(), () -> c + " -> " + r);
            assertEquals(c.kind(), r.error().kind(), () -> c + " -> " + r);
            assertFalse(r.error().message().isBlank());
            assertFalse(r.error().message().contains("\n"), "messages are one line");
        }
    }

    @Test
    void nonLiteralOutputsThatEvaluateBackAreValid() {
        ExecResult r = pool.execute(new ExecRequest.Validate(
                "from collections import Counter\ndef f(s):\n    return Counter(s)", "'abca'"));
        assertTrue(r.ok(), () -> r.toString());
        assertEquals("Counter({'a': 2, 'b': 1, 'c': 1})", r.output());
        ExecResult c = pool.execute(new ExecRequest.CheckOutput(
                "from collections import Counter\ndef f(s):\n    return Counter(s)", "'abca'", "Counter({'c': 1, 'a': 2, 'b': 1})"));
        assertTrue(c.ok(), () -> c.toString());
    }

    @Test
    void checkOutputUsesPythonEquality() {
        String p = "def f(a):\n    return a * 2";
        assertTrue(pool.execute(new ExecRequest.CheckOutput(p, "3", "6")).ok());
        assertTrue(pool.execute(new ExecRequest.CheckOutput(p, "3", "6.0")).ok(), "6 == 6.0 in Python");
        assertFalse(pool.execute(new ExecRequest.CheckOutput(p, "3", "7")).ok());
        assertFalse(pool.execute(new ExecRequest.CheckOutput(p, "[1]", "(1, 1)")).ok(), "a list is not a tuple");
        assertTrue(pool.execute(new ExecRequest.CheckOutput("def f(a):\n    return {'b': 2, 'a': 1}", "0", "{'a': 1, 'b': 2}")).ok());
        ExecResult wrong = pool.execute(new ExecRequest.CheckOutput(p, "3", "7"));
        assertNull(wrong.error(), "a wrong answer is not an error");
        assertEquals("6", wrong.output());
    }

    @Test
    void answersAreDataNotCode() {
        String p = "def f(a):\n    return a * 2";
        ExecResult callsF = pool.execute(new ExecRequest.CheckOutput(p, "3", "f(3)"));
        assertFalse(callsF.ok());
        assertEquals(ErrorKind.REJECTED, callsF.error().kind());
        assertEquals(RejectReason.CALL, callsF.rejectReason());
        ExecResult callsFLenient = pool.execute(new ExecRequest.CheckOutput(p, "3", "f(3)", Grading.LENIENT));
        assertFalse(callsFLenient.ok());
        assertEquals(ErrorKind.SYNTAX, callsFLenient.error().kind(), "the lenient rule still refuses a call of f");
        ExecResult alwaysEqual = pool.execute(new ExecRequest.CheckInput("def f(a):\n    return a", "5",
                "type('A', (), {'__eq__': lambda s, o: True})()"));
        assertFalse(alwaysEqual.ok());
    }

    @Test
    void checkInputAndProgram() {
        String p = "def f(a, b):\n    return a - b";
        assertTrue(pool.execute(new ExecRequest.CheckInput(p, "2", "5, 3")).ok());
        assertFalse(pool.execute(new ExecRequest.CheckInput(p, "2", "5, 2")).ok());
        List<IoPair> pairs = List.of(new IoPair("1, 1", "0"), new IoPair("5, 3", "2"), new IoPair("b=1, a=4", "3"));
        ExecResult good = pool.execute(new ExecRequest.CheckProgram(p, pairs));
        assertTrue(good.ok());
        assertEquals(3, good.passed());
        assertEquals(3, good.total());
        ExecResult bad = pool.execute(new ExecRequest.CheckProgram("def f(a, b):\n    return b - a", pairs));
        assertFalse(bad.ok());
        assertEquals(1, bad.passed());
        assertEquals(3, bad.total());
    }

    @Test
    void batchesComeBackInOrder() {
        List<ExecRequest> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) batch.add(new ExecRequest.Run("def f(a):\n    return a * a", Integer.toString(i)));
        List<ExecResult> results = pool.execute(batch);
        for (int i = 0; i < 60; i++) assertEquals(Integer.toString(i * i), results.get(i).output());
    }

    @Test
    void javaSideLimitsAndMissingFields() {
        ExecResult big = pool.execute(new ExecRequest.Run("#" + "x".repeat(30_000) + "\ndef f(a):\n    return a", "1"));
        assertEquals(ErrorKind.TOO_LARGE, big.error().kind());
        ExecResult missing = pool.execute(new ExecRequest.Run(null, "1"));
        assertEquals(ErrorKind.BAD_REQUEST, missing.error().kind());
    }

    @Test
    void missingPythonIsOneClearError() {
        ExecutorUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutorUnavailableException.class,
                () -> PythonExecutor.start(ExecutorOptions.defaults().withPython("/nonexistent/python3")));
        assertTrue(e.getMessage().contains("Python 3.10 or newer"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void optionsRejectNonsense() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ExecutorOptions.defaults().withWorkers(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ExecutorOptions.defaults().withTimeoutMs(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ExecutorOptions.defaults().withMemoryMb(1));
    }

    @Test
    void aTimeoutLeavesThePoolAtFullCapacity() {
        List<ExecRequest> batch = new ArrayList<>();
        batch.add(new ExecRequest.Run("def f(a):\n    while True:\n        pass", "1"));
        for (int i = 0; i < 20; i++) batch.add(new ExecRequest.Run(IDENTITY, Integer.toString(i)));
        List<ExecResult> results = pool.execute(batch);
        assertEquals(ErrorKind.TIMEOUT, results.getFirst().error().kind());
        for (int i = 1; i < results.size(); i++) assertEquals(Integer.toString(i - 1), results.get(i).output());
        // after the replacement the pool still serves a concurrent batch
        List<ExecResult> pair = pool.execute(List.of(new ExecRequest.Run("def f(a):\n    return sum(range(a))", "2000000"),
                new ExecRequest.Run("def f(a):\n    return sum(range(a))", "2000000")));
        assertTrue(pair.get(0).ok() && pair.get(1).ok());
    }

    @Test
    void aRequestQueuedBehindOneThatDirtiesItsWorkerRunsOnACleanWorker() {
        List<ExecRequest> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(new ExecRequest.Run("import math\ndef f(a):\n    math.pi = a\n    return a", "3"));
            batch.add(new ExecRequest.Run("import math\ndef f(a):\n    return round(math.pi, a)", "5"));
        }
        List<ExecResult> results = pool.execute(batch);
        for (int i = 0; i < results.size(); i += 2) {
            assertEquals("3", results.get(i).output());
            assertEquals("3.14159", results.get(i + 1).output(), "request " + (i + 1) + " saw another program's change");
        }
    }

    @Test
    void describesItsIsolation() {
        String d = pool.describeIsolation();
        assertTrue(d.contains("audit hook"));
        assertTrue(d.contains("rlimit_as"));
        assertTrue(d.contains("OS: "));
    }

    @Test
    void theEffectiveUidDecidesWhetherWorkersRunAsRoot() {
        assertTrue(PythonExecutor.effectiveUidIsRoot("Uid:\t0\t0\t0\t0"));
        assertTrue(PythonExecutor.effectiveUidIsRoot("Uid:\t1000\t0\t0\t0"));   // setuid root
        assertFalse(PythonExecutor.effectiveUidIsRoot("Uid:\t0\t1000\t1000\t1000"));
        assertFalse(PythonExecutor.effectiveUidIsRoot("Uid:\t1000\t1000\t1000\t1000"));
    }
}
