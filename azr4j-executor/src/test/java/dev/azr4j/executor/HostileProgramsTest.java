package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Programs that try to hang, exhaust, escape or fool the executor. Each must end with its expected
 * error kind within its time budget, leave no file behind and leave the pool able to run a normal
 * request right after.
 */
class HostileProgramsTest {
    static final long TIMEOUT_MS = 2000;
    /** How long past timeout + grace a request may take on a busy 2-core machine; a bound, not a speed target. */
    static final long SLACK_MS = 5000;
    static final Path MARKER = Path.of(System.getProperty("java.io.tmpdir"), "azr4j-hostile-marker");
    static final Path VICTIM = Path.of(System.getProperty("java.io.tmpdir"), "azr4j-hostile-victim");
    static PythonExecutor pool;

    @BeforeAll
    static void start() throws IOException {
        pool = Pools.start(ExecutorOptions.defaults().withWorkers(1).withTimeoutMs(TIMEOUT_MS));
        Files.deleteIfExists(MARKER);
        Files.writeString(VICTIM, "keep me");
    }

    @AfterAll
    static void stop() throws IOException {
        if (pool != null) pool.close();
        Files.deleteIfExists(VICTIM);
        Files.deleteIfExists(MARKER);
    }

    enum Op { VALIDATE, RUN, CHECK_OUTPUT }

    /** kinds empty means the request must succeed (the hostile part must simply not matter). */
    record Case(String name, Op op, String body, Set<ErrorKind> kinds) {
        @Override
        public String toString() {
            return name;
        }

        String program() {
            return body.contains("def f(") ? body : "def f(x):\n" + body.indent(4);
        }
    }

    static Case v(String name, String body, ErrorKind... kinds) {
        return new Case(name, Op.VALIDATE, body, Set.of(kinds));
    }

    static Case r(String name, String body, ErrorKind... kinds) {
        return new Case(name, Op.RUN, body, Set.of(kinds));
    }

    static Case c(String name, String body, ErrorKind... kinds) {
        return new Case(name, Op.CHECK_OUTPUT, body, Set.of(kinds));
    }

    static final String M = MARKER.toString().replace("\\", "\\\\");
    static final String V = VICTIM.toString().replace("\\", "\\\\");
    static final ErrorKind TIMEOUT = ErrorKind.TIMEOUT, MEMORY = ErrorKind.MEMORY, BANNED = ErrorKind.BANNED,
            RUNTIME = ErrorKind.RUNTIME, CRASH = ErrorKind.WORKER_CRASH;

    static Stream<Case> cases() {
        return Stream.of(
                // hanging
                v("infinite loop", "while True:\n    pass", TIMEOUT),
                v("infinite loop in finally", "try:\n    return 1\nfinally:\n    while True:\n        pass", TIMEOUT),
                v("loop that swallows the timeout", "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass", TIMEOUT),
                v("infinite __del__", "class D:\n    def __del__(self):\n        while True:\n            pass\ndef f(x):\n    D()\n    return 1", TIMEOUT),
                v("infinite generator", "def g():\n    while True:\n        yield 1\nreturn list(g())", TIMEOUT, MEMORY),
                v("sleep", "import sys\nsys.modules['time'].sleep(100)\nreturn 1", TIMEOUT),
                c("__eq__ that never ends", "class E:\n    def __eq__(self, o):\n        while True:\n            pass\n    def __repr__(self):\n        return '1'\ndef f(x):\n    return E()", TIMEOUT),
                v("__repr__ that never ends", "class R:\n    def __repr__(self):\n        while True:\n            pass\ndef f(x):\n    return R()", TIMEOUT),
                v("__str__ of an exception that never ends", "class X(Exception):\n    def __str__(self):\n        while True:\n            pass\ndef f(x):\n    raise X()", TIMEOUT),
                // recursion and memory
                v("deep recursion", "def f(x):\n    return f(x + 1)", RUNTIME),
                v("recursion limit raised", "import sys\nsys.setrecursionlimit(10 ** 8)\ndef f(x):\n    return f(x + 1)", RUNTIME, CRASH),
                v("memory bomb bytearray", "return bytearray(10 ** 11)", MEMORY),
                v("memory bomb list", "return [0] * (10 ** 10)", MEMORY),
                // the limit or the clock, whichever comes first: on the AVX-512 machine of session 8 doubling to the
                // memory limit takes longer than the 2 s timeout (page faults), as the growing list below already may
                v("memory bomb doubling string", "s = 'a'\nwhile True:\n    s = s + s", MEMORY, TIMEOUT),
                v("memory bomb growing list", "xs = []\nwhile True:\n    xs.append(' ' * 10 ** 7)", MEMORY, TIMEOUT),
                v("huge int repr", "return 10 ** 100000", RUNTIME, ErrorKind.TOO_LARGE),
                v("huge output", "return 'x' * 10 ** 7", ErrorKind.TOO_LARGE),
                // processes and threads
                v("fork bomb", "import os\nwhile True:\n    os.fork()", BANNED),
                r("fork once", "import os\nreturn os.fork()", BANNED),
                r("subprocess", "import subprocess\nreturn subprocess.run(['true']).returncode", BANNED),
                r("os.system", "import os\nreturn os.system('touch " + M + "')", BANNED),
                r("os.popen", "import os\nreturn os.popen('id').read()", BANNED),
                r("os.execv", "import os\nos.execv('/bin/true', ['true'])", BANNED),
                r("posix_spawn", "import os\nreturn os.posix_spawn('/bin/true', ['true'], {})", BANNED),
                r("multiprocessing", "import multiprocessing\nreturn multiprocessing.cpu_count()", BANNED),
                r("thread left running", "import sys\nt = sys.modules['threading'].Thread(target=lambda: [0 for _ in iter(int, 1)], daemon=True)\nt.start()\nreturn 1", BANNED),
                r("_thread import", "import _thread\n_thread.start_new_thread(lambda: None, ())\nreturn 1", BANNED),
                // process control
                r("sys.exit", "import sys\nsys.exit(0)", RUNTIME),
                r("exit builtin", "exit(3)", RUNTIME),
                r("os._exit", "import os\nos._exit(0)", BANNED),
                r("os.abort", "import os\nos.abort()", BANNED),
                r("kill self", "import os\nos.kill(os.getpid(), 9)", BANNED),
                r("kill parent", "import os\nos.kill(os.getppid(), 9)", BANNED),
                r("signal ignore alarm then loop", "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass", BANNED),
                r("alarm cancelled through sys.modules", "import sys\nsys.modules['_signal'].alarm(0)\nsys.modules['_signal'].setitimer(0, 0)\nwhile True:\n    pass", BANNED),
                r("raise a signal", "import sys\nsys.modules['signal'].raise_signal(9)", BANNED),
                // stdio
                v("stdout flood", "while True:\n    print('x' * 1000)", TIMEOUT),
                v("big print then a value", "print('x' * 10 ** 6)\nreturn 1"),
                v("stderr flood then a value", "import sys\nsys.stderr.write('y' * 10 ** 7)\nreturn 2"),
                r("write to fd 1", "import os\nos.write(1, b'{\"n\": null, \"ok\": true}\\n')\nreturn 1", BANNED),
                r("forged answers on every fd", "import sys\np = sys.modules['posix']\nfor fd in range(3, 12):\n    try:\n        p.write(fd, b'{\"n\": \"x\", \"ok\": true, \"output\": \"1\"}\\n')\n    except OSError:\n        pass\nreturn 1", CRASH, RUNTIME, BANNED),
                r("read stdin", "import sys\nreturn sys.stdin.read()", BANNED),
                v("input() screened", "return input()", BANNED),
                r("input() at run time", "return input()", BANNED),
                // posix.read is refused on every descriptor: the protocol pipe's carry queued requests
                r("read raw fd 0 through posix", "import sys\nreturn sys.modules['posix'].read(0, 10)", BANNED),
                // files
                r("write a file here", "open('out.txt', 'w').write('x')\nreturn 1", BANNED),
                r("write a marker in tmp", "with open('" + M + "', 'w') as fh:\n    fh.write('x')\nreturn 1", BANNED),
                r("write with os.open", "import os\nfd = os.open('" + M + "', os.O_CREAT | os.O_WRONLY)\nreturn fd", BANNED),
                r("write with pathlib", "import pathlib\npathlib.Path('" + M + "').write_text('x')\nreturn 1", BANNED),
                r("delete a file", "import os\nos.remove('" + V + "')\nreturn 1", BANNED),
                r("rename a file", "import os\nos.rename('" + V + "', '" + M + "')\nreturn 1", BANNED),
                r("make a directory", "import os\nos.mkdir('" + M + "')\nreturn 1", BANNED),
                r("shutil rmtree", "import shutil\nshutil.rmtree('" + V + "')\nreturn 1", BANNED),
                r("read /etc/passwd", "return open('/etc/passwd').read()", BANNED),
                r("read /proc/self/environ", "return open('/proc/self/environ', 'rb').read()", BANNED),
                r("list the root directory", "import os\nreturn os.listdir('/')", BANNED),
                r("open fd 1 for writing", "return open(1, 'w').write('x')", BANNED),
                // network
                r("socket", "import socket\ns = socket.socket()\ns.connect(('1.1.1.1', 80))\nreturn 1", BANNED),
                r("urllib", "import urllib.request\nreturn urllib.request.urlopen('http://example.com').read()", BANNED),
                // ctypes and import tricks
                r("ctypes segfault", "import ctypes\nreturn ctypes.string_at(0)", BANNED),
                r("__import__ os.system", "return __import__('os').system('touch " + M + "')", BANNED),
                r("__builtins__ import", "return __builtins__['__import__']('subprocess').run(['true'])", BANNED),
                r("real builtins import of ctypes", "import sys\nreturn sys.modules['builtins'].__import__('ctypes')", BANNED),
                r("importlib", "import importlib\nreturn importlib.import_module('subprocess')", BANNED),
                r("subclasses escape", "w = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'catch_warnings'][0]\nreturn w()._module.__builtins__['__import__']('os').system('touch " + M + "')", BANNED),
                r("eval of banned code", "return eval(\"__import__('subprocess').run(['true'])\")", BANNED),
                r("exec of banned code", "exec('import socket')\nreturn 1", BANNED),
                r("pickle payload", "import pickle\nreturn pickle.loads(b\"cos\\nsystem\\n(S'touch " + M + "'\\ntR.\")", BANNED),
                r("pickle through sys.modules", "import sys, copyreg\nreturn sys.modules['_pickle'].loads(b\"cos\\nsystem\\n(S'touch " + M + "'\\ntR.\")", BANNED, RUNTIME),
                r("frame walk", "import sys\nreturn str(sys._getframe(1).f_locals)", BANNED),
                r("traceback frame walk", "try:\n    1 / 0\nexcept Exception as e:\n    return str(e.__traceback__.tb_frame.f_back.f_locals)", BANNED),
                r("generator frame", "def g():\n    yield 1\nreturn str(g().gi_frame)", BANNED),
                r("gc objects", "import sys\nreturn len(sys.modules['gc'].get_objects())", BANNED),
                r("settrace", "import sys\nsys.settrace(lambda *a: None)\nreturn 1", BANNED),
                r("raise own rlimit", "import sys\nr = sys.modules['resource']\nr.setrlimit(r.RLIMIT_AS, (-1, -1))\nreturn 1", BANNED),
                r("crafted code object", "return (lambda: 0).__code__.replace(co_code=b'\\x00')", BANNED),
                r("add an audit hook", "import sys\nsys.addaudithook(lambda *a: None)\nreturn 1", BANNED),
                // answers that fool equality or are not values
                v("__eq__ that raises", "class E:\n    def __eq__(self, o):\n        raise ValueError('no')\n    def __repr__(self):\n        return 'E'\ndef f(x):\n    return E()", RUNTIME),
                v("__repr__ that raises", "class R:\n    def __repr__(self):\n        raise ValueError('no')\ndef f(x):\n    return R()", RUNTIME),
                v("__repr__ that is not a string", "class R:\n    def __repr__(self):\n        return 5\ndef f(x):\n    return R()", RUNTIME, ErrorKind.UNSERIALIZABLE),
                v("repr that lies", "class L:\n    def __repr__(self):\n        return '[1, 2]'\ndef f(x):\n    return L()", ErrorKind.UNSERIALIZABLE),
                v("output that is a function", "return print", ErrorKind.UNSERIALIZABLE),
                v("output with an address", "return object()", ErrorKind.NONDETERMINISTIC),
                v("NaN output", "return float('nan')", ErrorKind.UNSERIALIZABLE),
                v("always-equal object", "class A:\n    def __eq__(self, o):\n        return True\ndef f(x):\n    return A()", ErrorKind.NONDETERMINISTIC, ErrorKind.UNSERIALIZABLE),
                v("mutates a shared module", "import math\nmath.pi = 3\nreturn math.pi"),
                v("mutates builtins", "__builtins__['len'] = lambda x: 0\nreturn len([1, 2])"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileProgramIsContained(Case c) throws IOException {
        long t0 = System.nanoTime();
        ExecResult r = switch (c.op()) {
            case VALIDATE -> pool.execute(new ExecRequest.Validate(c.program(), "1"));
            case RUN -> pool.execute(new ExecRequest.Run(c.program(), "1"));
            case CHECK_OUTPUT -> pool.execute(new ExecRequest.CheckOutput(c.program(), "1", "1"));
        };
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        if (c.kinds().isEmpty()) {
            assertTrue(r.ok(), () -> c + " should succeed: " + r);
        } else {
            assertFalse(r.ok(), () -> c + ": " + r);
            assertTrue(c.kinds().contains(r.error().kind()), () -> c + " expected " + c.kinds() + " got " + r);
            assertFalse(r.error().message().isBlank());
        }
        long budget = TIMEOUT_MS + pool.options().graceMs() + SLACK_MS;
        assertTrue(elapsedMs <= budget, () -> c + " took " + elapsedMs + " ms, budget " + budget);
        assertNothingLeftBehind();
        assertPoolHealthy();
    }

    static void assertNothingLeftBehind() throws IOException {
        assertFalse(Files.exists(MARKER), "a marker file was created");
        assertEquals("keep me", Files.readString(VICTIM), "the victim file was changed");
        assertEquals(List.of(), filesInWorkDirectory(), "files appeared in the executor's directory");
    }

    /** Regular files other than the worker script; retried because killed workers' directories vanish meanwhile. */
    static List<Path> filesInWorkDirectory() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> files = Files.walk(pool.workDirectory())) {
                return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("worker.py")).toList();
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 5) throw e;
            }
        }
    }

    static void assertPoolHealthy() {
        ExecResult ok = pool.execute(new ExecRequest.Validate("import math\ndef f(x):\n    return [round(math.pi, 5), len([x, x])]", "1"));
        assertTrue(ok.ok(), () -> "pool not healthy after: " + ok);
        assertEquals("[3.14159, 2]", ok.output(), "shared state leaked into the next program");
    }

    @Test
    void killedWorkersAreReplacedAndTheirDirectoriesRemoved() throws IOException {
        for (int i = 0; i < 3; i++) {
            ExecResult r = pool.execute(new ExecRequest.Run("def f(x):\n    while True:\n        pass", "1"));
            assertEquals(ErrorKind.TIMEOUT, r.error().kind());
        }
        assertPoolHealthy();
        try (Stream<Path> dirs = Files.list(pool.workDirectory())) {
            long workerDirs = dirs.filter(Files::isDirectory).count();
            // one worker and one spare; a replacement may still be starting
            assertTrue(workerDirs <= 3, "stale worker directories: " + workerDirs);
        }
    }

    @Test
    void atLeastFiftyHostileCases() {
        assertTrue(cases().count() >= 50);
    }
}
