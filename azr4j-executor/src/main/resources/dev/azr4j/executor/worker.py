# azr4j executor worker: runs untrusted Python programs one request at a time.
#
# Protocol: JSON lines. The first line read is the configuration; the worker answers
# {"ready": ...}. Then each request line carries a nonce "n" that the answer echoes, so a program
# that writes to the protocol pipe cannot forge an answer (Java kills a worker that answers with a
# wrong nonce). The protocol pipes are moved off fds 0/1, which point at /dev/null while programs run.
#
# Everything lives inside _main() so that no module global of __main__ gives a program a handle on
# the worker's state; frame introspection (sys._getframe, tb_frame, gc, settrace, signal handlers)
# is refused by the audit hook, so the worker's locals cannot be reached either.


def _main():
    import ast
    import builtins
    import io
    import json
    import math
    import os
    import resource
    import signal
    import sys
    import threading
    import _thread

    # --- protocol pipes, kept away from fds 0, 1 and 2 -----------------------------------------
    in_fd = os.dup(0)
    out_fd = os.dup(1)
    nul = os.open(os.devnull, os.O_RDWR)
    os.dup2(nul, 0)
    os.dup2(nul, 1)
    os.close(nul)
    reader = os.fdopen(in_fd, "rb", buffering=1 << 16)

    real_write = os.write
    real_exit = os._exit

    encode = json.JSONEncoder(ensure_ascii=False).encode

    def send(obj):
        data = (encode(obj) + "\n").encode("utf-8", "surrogatepass")
        while data:
            data = data[real_write(out_fd, data):]

    cfg = json.loads(reader.readline())
    try:
        os.setsid()  # own session and process group: Java kills the whole group
    except OSError:
        pass
    sandbox = os.path.realpath(cfg["sandbox"])
    os.chdir(sandbox)
    script_dir = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != script_dir]
    sys.dont_write_bytecode = True

    max_output = int(cfg.get("max_output", 400))
    max_stdout = int(cfg.get("max_stdout", 1 << 16))
    max_recursion = int(cfg.get("max_recursion", 10000))
    banned_words = [w for w in cfg.get("banned", []) if w]
    default_timeout = float(cfg.get("timeout_ms", 5000)) / 1000.0

    # Modules programs use all the time, imported once so that a task does not pay for them.
    for name in ("collections", "itertools", "functools", "heapq", "bisect", "re", "string",
                 "typing", "fractions", "decimal", "operator", "copy", "statistics", "queue",
                 "dataclasses", "enum", "random", "datetime", "hashlib", "array", "textwrap",
                 "unicodedata", "numbers", "abc", "contextlib", "collections.abc", "time", "json"):
        try:
            __import__(name)
        except Exception:
            pass

    # --- rlimits ------------------------------------------------------------------------------
    layers = []

    def limit(res, soft, hard=None, label=None):
        try:
            resource.setrlimit(res, (soft, soft if hard is None else hard))
            if label:
                layers.append(label)
        except (ValueError, OSError):
            pass

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes beyond FSIZE fail with EFBIG instead
    mem = int(cfg.get("memory_mb", 1024))
    if mem > 0:
        limit(resource.RLIMIT_AS, mem << 20, label="rlimit_as=%dMiB" % mem)
    limit(resource.RLIMIT_CORE, 0)
    limit(resource.RLIMIT_FSIZE, 0, label="rlimit_fsize=0")
    limit(resource.RLIMIT_NOFILE, 64, label="rlimit_nofile=64")
    limit(resource.RLIMIT_NPROC, 0, label="rlimit_nproc=0" + (" (the kernel exempts a real root user)" if os.geteuid() == 0 else ""))
    cpu_hard = int(cfg.get("cpu_lifetime_s", 100000))
    limit(resource.RLIMIT_CPU, cpu_hard, cpu_hard, label="rlimit_cpu")

    # --- the audit hook -------------------------------------------------------------------------
    allowed_read = sorted({os.path.realpath(p) for p in
                           [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, sandbox]
                           + [p for p in sys.path if p]})
    allowed_files = {"/dev/null", "/dev/urandom", "/dev/random"}
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    main_ident = _thread.get_ident()
    blocked_exact = frozenset((
        "os.system", "os.fork", "os.forkpty", "os.kill", "os.killpg", "os.remove", "os.rename",
        "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.link", "os.symlink", "os.truncate",
        "os.utime", "os.chdir", "os.chflags", "os.lchflags",
        "os.setxattr", "os.removexattr", "os.startfile", "os.add_dll_directory",
        "sys.addaudithook", "sys._current_frames", "sys._current_exceptions", "sys.settrace",
        "sys.setprofile", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
        "code.__new__", "pickle.find_class",
        "cpython.run_command", "cpython.run_file", "cpython.run_module", "cpython.run_startup",
        "cpython.run_interactivehook", "cpython.remote_debugger_script",
        "resource.prlimit", "signal.pthread_kill", "_thread.start_new_thread",
        # 3.12+: a monitoring callback would see the arguments of the worker's own later calls and
        # outlive the request; 3.13 starts threading.Thread through start_joinable_thread
        "sys.monitoring.register_callback", "_thread.start_joinable_thread",
        "os.posix_spawn", "os.posix_spawnp",
    ))
    blocked_prefixes = ("socket.", "ctypes.", "subprocess.", "os.exec", "os.spawn", "shutil.",
                        "sqlite3.", "tempfile.", "webbrowser.", "urllib.", "http.", "ftplib.",
                        "smtplib.", "poplib.", "imaplib.", "telnetlib.", "nntplib.", "pty.",
                        "mmap.", "fcntl.", "syslog.", "ensurepip.", "pdb.", "_posixsubprocess.")
    blocked_imports = frozenset(("ctypes", "_ctypes", "_posixsubprocess", "_socket", "socket",
                                 "subprocess", "multiprocessing", "_multiprocessing", "pty",
                                 "fcntl", "mmap", "_testcapi", "_xxsubinterpreters", "faulthandler"))
    frame_attrs = frozenset(("tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back",
                             "f_globals", "f_locals", "f_builtins"))
    # A function's code and defaults are its behaviour: swapping them (json.encoder's helpers, the
    # worker's own functions) changes what the worker does without changing any module's dict.
    function_attrs = frozenset(("__code__", "__defaults__", "__kwdefaults__"))
    get_ident = _thread.get_ident
    # Set to the modules loaded when enforcing starts: an "import" event for one of them means a
    # program removed it from sys.modules to load a fresh copy (with the stubs below undone).
    startup_modules = [frozenset()]
    # True only while the worker itself re-arms the CPU limit for the next request.
    rearming = [False]
    real_setrlimit = resource.setrlimit
    RLIMIT_CPU = resource.RLIMIT_CPU
    violations = []

    class SandboxError(PermissionError):
        pass

    class FrameRefused(ValueError):
        pass

    class ImportRefused(ImportError):
        pass

    def refuse(reason, exc=SandboxError):
        violations.append(reason)
        raise exc("sandbox refused " + reason)

    def check_open(path, mode, flags):
        if isinstance(path, int):
            refuse("open of file descriptor %d" % path)
        writing = (isinstance(flags, int) and flags & write_flags) or (
            isinstance(mode, str) and any(c in mode for c in "wax+"))
        p = os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else str(path)
        if writing:
            refuse("open for writing: %s" % p[:200])
        real = os.path.realpath(p)
        if real in allowed_files:
            return
        for prefix in allowed_read:
            if real == prefix or real.startswith(prefix + os.sep):
                return
        refuse("read outside the sandbox: %s" % p[:200])

    # The most frequent events (several per request), which the checks below let through anyway.
    passed_events = frozenset(("exec", "compile"))

    def hook(event, args):
        if event in passed_events:
            return
        if get_ident() == main_ident and not enforcing[0]:
            return
        if event == "open":
            check_open(*args[:3])
        elif event in blocked_exact:
            refuse(event)
        elif event.startswith(blocked_prefixes):
            refuse(event)
        elif event == "import":
            if args[0].partition(".")[0] in blocked_imports:
                # Libraries try such imports and cope (numpy and ctypes), so this is not recorded;
                # if the ImportError reaches the top the result is still 'banned'.
                raise ImportRefused("sandbox refused import of %s" % args[0])
            if args[0] in startup_modules[0]:
                refuse("a second copy of the loaded module %s" % args[0])
        elif event == "object.__getattr__":
            if args[1] in frame_attrs:
                refuse("access to %s" % args[1])
        elif event == "object.__setattr__" or event == "object.__delattr__":
            # a program's own functions may get defaults (namedtuple(..., defaults=...) does);
            # those of a module read from a file, the worker's and the standard library's, may not
            if args[1] in function_attrs and (args[1] == "__code__" or getattr(
                    getattr(args[0], "__code__", None), "co_filename", "").startswith("/")):
                refuse("changing a function's %s" % args[1])
        elif event == "sys._getframe":
            # namedtuple, enum and typing ask for their caller's frame and cope with ValueError;
            # a frame would let a program walk up into the worker, so it is refused quietly.
            raise FrameRefused("sandbox refused sys._getframe")
        elif event == "resource.setrlimit":
            # the worker re-arms its CPU limit per task; a program may neither raise its own nor
            # lower the hard limit under the next request
            if args[0] != RLIMIT_CPU or not rearming[0]:
                refuse("resource.setrlimit")
        elif event == "os.listdir" or event == "os.scandir":
            target = args[0] if args and args[0] is not None else "."
            if not isinstance(target, int):
                real = os.path.realpath(os.fsdecode(target) if isinstance(target, bytes) else str(target))
                if not any(real == p or real.startswith(p + os.sep) for p in allowed_read):
                    refuse("listing outside the sandbox: %s" % real[:200])

    # enforcing is a one-element list captured only by hook and by this frame: set once, never reset.
    enforcing = [False]

    # --- replacements for escapes that raise no audit event ---------------------------------------
    import _signal
    real_setitimer = _signal.setitimer
    real_signal = _signal.signal

    def refused(name, exc=SandboxError):
        def stub(*a, **k):
            refuse(name, exc)
        stub.__name__ = name.rpartition(".")[2]
        return stub

    for mod in (signal, _signal):
        for name in ("signal", "setitimer", "alarm", "pthread_kill", "raise_signal", "siginterrupt",
                     "set_wakeup_fd", "pthread_sigmask", "sigwait", "sigtimedwait", "sigwaitinfo"):
            if hasattr(mod, name):
                setattr(mod, name, refused("signal." + name))
    # Both os and posix: sys.modules['posix'] holds the same functions, and the protocol pipe's
    # descriptors (which carry the requests still queued, hidden pairs included) are numbers a
    # program can guess.
    import posix
    for mod in (os, posix):
        mod._exit = refused("os._exit")
        mod.abort = refused("os.abort")
        for name in ("setsid", "setpgid", "setpgrp", "nice", "setpriority", "sched_setaffinity",
                     "closerange", "close", "dup", "dup2", "write", "read", "readv", "writev", "pread",
                     "pwrite", "preadv", "pwritev", "pipe", "pipe2", "fchdir", "fchmod", "fchown",
                     "ftruncate", "openpty", "memfd_create", "eventfd", "sendfile", "splice",
                     "copy_file_range", "login_tty", "set_blocking", "set_inheritable",
                     # no audit event: a FIFO or device node in the sandbox directory outlives the
                     # request and carries data to the next one; chroot breaks every later import
                     "mkfifo", "mknod", "chroot"):
            if hasattr(mod, name):
                setattr(mod, name, refused("os." + name))
    # Programs may not start threads (3.10 and 3.11 raise no audit event for it): a thread outlives
    # its request and sees the next ones. The worker counts with functions bound here, since a
    # program can reach _thread and threading through other modules (queue.threading).
    thread_count = _thread._count
    active_count = threading.active_count
    for mod, names in ((_thread, ("start_new_thread", "start_new", "start_joinable_thread")),
                       (threading, ("_start_new_thread", "_start_joinable_thread"))):
        for name in names:
            if hasattr(mod, name):
                setattr(mod, name, refused("_thread.start_new_thread"))
    # 3.12+: writes perf map files and raises no audit event
    for name in ("activate_stack_trampoline",):
        if hasattr(sys, name):
            setattr(sys, name, refused("sys." + name))
    real_setrecursionlimit = sys.setrecursionlimit

    def capped_setrecursionlimit(n):
        real_setrecursionlimit(max(50, min(int(n), max_recursion)))

    sys.setrecursionlimit = capped_setrecursionlimit

    class NoStdin(io.TextIOBase):
        def readable(self):
            return True

        def read(self, *a):
            refuse("read from stdin")

        readline = read

        def readlines(self, *a):
            refuse("read from stdin")

    class BoundedOut(io.TextIOBase):
        """Program output goes here; kept only up to max_stdout characters."""

        def __init__(self):
            self.size = 0

        def writable(self):
            return True

        def write(self, s):
            self.size += len(s)
            return len(s)

    # --- the restricted builtins programs see -------------------------------------------------------
    real_import = builtins.__import__

    # Modules a program may not import itself (the standard library still uses them internally).
    denied_for_programs = blocked_imports | frozenset((
        "signal", "_signal", "posix", "_thread", "threading", "gc", "resource", "_io", "builtins",
        "importlib", "_imp", "sysconfig", "_tracemalloc", "tracemalloc", "code", "codeop", "pdb",
        "inspect", "_pickle", "pickle", "marshal", "shelve", "dbm", "asyncio", "concurrent"))

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.partition(".")[0] in denied_for_programs:
            raise ImportRefused("sandbox refused import of %s" % name)
        return real_import(name, globals, locals, fromlist, level)

    def no_input(*a, **k):
        refuse("input()")

    user_builtins = dict(builtins.__dict__)
    user_builtins["__import__"] = guarded_import
    user_builtins["input"] = no_input
    user_builtins["breakpoint"] = refused("breakpoint()")
    user_builtins["help"] = refused("help()")

    # --- the AST screen -------------------------------------------------------------------------------
    banned_set = frozenset(banned_words)

    def dotted_names(module):
        parts = module.split(".")
        return set(parts) | {".".join(parts[:i]) for i in range(2, len(parts) + 1)}

    def attribute_chain(node):
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        return None

    def screen(tree):
        """Banned imports (any dotted component or dotted prefix equal to a banned word), banned
        dotted attribute paths such as os.environ, and calls of input()."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    hit = dotted_names(alias.name) & banned_set
                    if hit:
                        return "import of banned module '%s'" % sorted(hit)[0]
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    hit = dotted_names(node.module + "." + alias.name) & banned_set
                    if hit:
                        return "import of banned module '%s'" % sorted(hit)[0]
            elif isinstance(node, ast.Attribute):
                chain = attribute_chain(node)
                if chain and chain in banned_set:
                    return "use of banned name '%s'" % chain
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "input":
                return "call of input()"
        return None

    # The screen can only find something if the source holds one of these identifiers: 'import'
    # (Import/ImportFrom), 'input' (input() calls) or the last component of a dotted banned word
    # (an attribute chain ends in that attribute). Identifiers cannot be split across lines, so
    # an ASCII source without any of them passes the screen without walking its tree (most do).
    # Non-ASCII sources are always walked: Python folds identifiers to NFKC ('ｉｍｐｏｒｔ').
    import re as _re
    identifier = _re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
    screen_triggers = frozenset({"import", "input"} | {w.rpartition(".")[2] for w in banned_words if "." in w})

    def needs_screen(src):
        return not src.isascii() or not screen_triggers.isdisjoint(identifier.findall(src))

    # --- results ------------------------------------------------------------------------------------
    class Fail(Exception):
        def __init__(self, kind, message):
            super().__init__(message)
            self.kind = kind
            self.message = message

    class Timeout(BaseException):
        pass

    timed_out = [False]
    changed = [False]

    def on_alarm(signum, frame):
        timed_out[0] = True
        raise Timeout()

    real_signal(signal.SIGALRM, on_alarm)

    def plain(text):
        """A plain str copy of a str (or str subclass) without calling any of its methods."""
        return str.__str__(text) if isinstance(text, str) else "<not a string>"

    def one_line(text, limit_chars=300):
        text = " ".join(plain(text).split())
        return text if len(text) <= limit_chars else text[:limit_chars - 3] + "..."

    def describe(exc):
        try:
            msg = plain(str(exc))
        except Timeout:
            raise
        except BaseException:
            msg = "<unprintable>"
        name = plain(type(exc).__name__)
        return one_line(name + (": " + msg if msg else ""))

    def cut(text):
        """The original's 400-character cut: first half ... last half."""
        if len(text) <= max_output:
            return text
        half = max_output // 2
        return text[:half] + "..." + text[-half:]

    def parse_program(src):
        try:
            return ast.parse(src, "<program>", "exec")
        except SyntaxError as e:
            raise Fail("syntax", "program does not parse: %s (line %s)" % (e.msg, e.lineno))
        except (ValueError, MemoryError, RecursionError) as e:
            raise Fail("syntax", "program does not parse: %s" % describe(e))

    def parse_expression(src, what):
        try:
            return ast.parse(src, "<" + what + ">", "eval")
        except SyntaxError as e:
            raise Fail("syntax", "%s does not parse: %s" % (what, e.msg))
        except (ValueError, MemoryError, RecursionError) as e:
            raise Fail("syntax", "%s does not parse: %s" % (what, describe(e)))

    def compile_call(arg_text, what):
        """f(<arg_text>) as one expression, so multi-line argument lists and keywords work (the
        original evaluated only the last line); text that closes the call early ('1)(2') is refused."""
        src = "f(" + arg_text + "\n)"
        tree = parse_expression(src, what)
        body = tree.body
        if not (isinstance(body, ast.Call) and isinstance(body.func, ast.Name) and body.func.id == "f"
                and body.func.col_offset == 0 and body.end_lineno == src.count("\n") + 1):
            raise Fail("syntax", "%s is not a plain argument list" % what)
        return tree

    # Compiled programs and calls, by source text. The solver checks the same program many times
    # (rollouts per proposal, then its answers); code objects are immutable and every run still
    # gets fresh globals, so reusing them changes nothing but the time.
    # Least recently used entries go first; a program's entry is about 2 KiB.
    code_cache = {}
    call_cache = {}
    cache_limit = 4096

    def remember(cache, key, value):
        if len(cache) >= cache_limit:
            del cache[next(iter(cache))]
        cache[key] = value
        return value

    not_screened = object()

    def program_code(src, screened):
        """The program's code object; with screened, first the AST screen (raises Fail). Same
        errors in the same order as parse, screen, compile: a source that does not compile
        directly takes exactly that path."""
        entry = code_cache.pop(src, None)
        if entry is not None:
            code_cache[src] = entry  # most recently used
        else:
            try:
                entry = [compile(src, "<program>", "exec"), not_screened]
            except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
                tree = parse_program(src)
                if screened:
                    reason = screen(tree)
                    if reason:
                        raise Fail("banned", reason)
                return compile(tree, "<program>", "exec")
            remember(code_cache, src, entry)
        if screened:
            if entry[1] is not_screened:
                entry[1] = screen(parse_program(src)) if needs_screen(src) else None
            if entry[1]:
                raise Fail("banned", entry[1])
        return entry[0]

    def call_code(arg_text, what):
        code = call_cache.pop(arg_text, None)
        if code is not None:
            call_cache[arg_text] = code
        else:
            if ")" not in arg_text:
                # Without a ')' the text cannot close the call early, so f(<text>) compiled straight
                # from the source is the plain call compile_call checks for. Any error takes the
                # full path, which reports it exactly as before.
                try:
                    code = compile("f(" + arg_text + "\n)", "<" + what + ">", "eval")
                except Exception:
                    code = None
            if code is None:
                code = compile(compile_call(arg_text, what), "<" + what + ">", "eval")
            remember(call_cache, arg_text, code)
        return code

    # What an answer may be: data, not code. Literals, containers, comprehensions, arithmetic and
    # calls of builtin constructors; no lambdas, no names or attributes starting with '_', so an
    # answer cannot build an object that equals everything. A predicted output may name the
    # program's classes and modules but not its functions (calling f would compute the expected value);
    # a predicted input may call the program's functions (inputs such as f(5) occur in the seeds).
    data_nodes = (ast.Expression, ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.UnaryOp,
                  ast.BinOp, ast.BoolOp, ast.Name, ast.Load, ast.Store, ast.Call, ast.keyword,
                  ast.Starred, ast.Subscript, ast.Slice, ast.JoinedStr, ast.FormattedValue,
                  ast.Attribute, ast.unaryop, ast.operator, ast.boolop, ast.Compare, ast.cmpop,
                  ast.IfExp, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                  ast.comprehension)
    data_builtins = frozenset(("True", "False", "None", "Ellipsis", "dict", "list", "tuple", "set",
                               "frozenset", "str", "int", "float", "complex", "bool", "bytes",
                               "bytearray", "range", "slice", "abs", "round", "min", "max", "sum",
                               "sorted", "len", "chr", "ord", "reversed", "zip", "enumerate", "map",
                               "filter", "divmod", "pow", "all", "any"))

    # A benchmark's own rule may run functions given as inputs (CRUXEval's scorer evaluates
    # f(<answer>), so `lambda x: x.reverse()` is an answer there): lenient input checks allow
    # lambdas, their parameters as names. Never used for training rewards (those grade strictly).
    lambda_nodes = (ast.Lambda, ast.arguments, ast.arg)

    def check_data(tree, ns, what, program_functions, allow_lambdas=False):
        bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        if allow_lambdas:
            bound |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
        for node in ast.walk(tree):
            if allow_lambdas and isinstance(node, lambda_nodes):
                continue
            if not isinstance(node, data_nodes):
                raise Fail("syntax", "%s must be data, not code (%s)" % (what, type(node).__name__))
            if isinstance(node, ast.Name):
                name = node.id
                if name.startswith("_"):
                    raise Fail("syntax", "%s uses the name '%s'" % (what, name))
                if name in bound or name in data_builtins:
                    continue
                value = ns.get(name, None)
                if name in ns and isinstance(value, (type, type(ast))):
                    continue  # the program's classes and imported modules: np.int64(6), Counter(...)
                if name in ns and program_functions and callable(value) and getattr(value, "__module__", None) == "__main__":
                    continue
                raise Fail("syntax", "%s uses the name '%s'" % (what, name))
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
                raise Fail("syntax", "%s uses the attribute '%s'" % (what, node.attr))

    def fresh_namespace(code):
        # a copy per namespace: a program that rebinds __builtins__['len'] affects only itself
        ns = {"__builtins__": dict(user_builtins), "__name__": "__main__"}
        exec(code, ns)
        if not callable(ns.get("f")):
            raise Fail("no_entry", "the program defines no function f")
        return ns

    code_type = type(compile("0", "<0>", "eval"))

    def evaluate(tree, ns, what):
        code = tree if isinstance(tree, code_type) else compile(tree, "<" + what + ">", "eval")
        return eval(code, ns)

    def safe_repr(value):
        text = repr(value)
        if not isinstance(text, str):
            raise Fail("unserializable", "repr() did not return a string")
        return plain(text)

    def truthy(value):
        return bool(value)

    # --- strict grading: an answer is a value (EXECUTOR.md "What an answer is") --------------------
    # The one place that decides what a solver answer may be under strict grading. A value is a
    # literal (str, bytes, int, float, complex, True/False/None, ...), a list, tuple, set or dict
    # of values, a sign on a number, a complex literal (1+2j), or a constructor form that repr
    # writes for a builtin, standard or program type (set(), frozenset({...}), Counter({...}),
    # deque([...]), Point(x=1, y=2)) applied to values. The value is built here from the syntax
    # tree and the resolved classes, never by eval, so no name can be rebound under it; nothing of
    # the program runs to read an answer except the constructors of the program's own classes.
    import tokenize
    import collections as _collections
    import datetime as _datetime
    import decimal as _decimal
    import fractions as _fractions

    class Rejected(Fail):
        def __init__(self, reason, message):
            super().__init__("rejected", message)
            self.reason = reason

    node_reasons = {ast.ListComp: "comprehension", ast.SetComp: "comprehension", ast.DictComp: "comprehension",
                    ast.GeneratorExp: "comprehension", ast.Lambda: "lambda", ast.JoinedStr: "fstring",
                    ast.FormattedValue: "fstring", ast.NamedExpr: "walrus", ast.Starred: "starred",
                    ast.Name: "name", ast.Attribute: "attribute", ast.BinOp: "arithmetic",
                    ast.UnaryOp: "arithmetic", ast.Call: "call"}
    signs = (ast.USub, ast.UAdd)
    float_words = frozenset(("nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"))

    def signed(n, types):
        if type(n) is ast.UnaryOp and type(n.op) in signs:
            n = n.operand
        return type(n) is ast.Constant and type(n.value) in types

    def const_of(n, types):
        return type(n) is ast.Constant and type(n.value) in types

    def no_kw(c):
        return not c.keywords

    # Constructor forms by class: which arguments repr writes (the arguments themselves must be values).
    constructor_forms = {
        set: lambda c: not c.args and no_kw(c),
        frozenset: lambda c: no_kw(c) and (not c.args or (len(c.args) == 1 and type(c.args[0]) is ast.Set)),
        bytearray: lambda c: no_kw(c) and (not c.args or (len(c.args) == 1 and const_of(c.args[0], (bytes,)))),
        range: lambda c: no_kw(c) and 1 <= len(c.args) <= 3 and all(signed(a, (int,)) for a in c.args),
        slice: lambda c: no_kw(c) and 1 <= len(c.args) <= 3,
        float: lambda c: no_kw(c) and len(c.args) == 1 and const_of(c.args[0], (str,))
                         and c.args[0].value.strip().lower() in float_words,
        _collections.Counter: lambda c: no_kw(c) and (not c.args or (len(c.args) == 1 and type(c.args[0]) is ast.Dict)),
        _collections.deque: lambda c: len(c.args) <= 1 and (not c.args or type(c.args[0]) is ast.List)
                                      and all(k.arg == "maxlen" and (signed(k.value, (int,)) or const_of(k.value, (type(None),)))
                                              for k in c.keywords),
        _collections.OrderedDict: lambda c: no_kw(c) and (not c.args or (len(c.args) == 1 and (
            type(c.args[0]) is ast.Dict or (type(c.args[0]) is ast.List and all(
                type(e) is ast.Tuple and len(e.elts) == 2 for e in c.args[0].elts))))),
        _fractions.Fraction: lambda c: no_kw(c) and 1 <= len(c.args) <= 2 and all(signed(a, (int,)) for a in c.args),
        _decimal.Decimal: lambda c: no_kw(c) and len(c.args) == 1 and const_of(c.args[0], (str,)),
    }
    for _cls in (_datetime.date, _datetime.datetime, _datetime.time, _datetime.timedelta):
        constructor_forms[_cls] = lambda c: all(signed(a, (int,)) for a in c.args) and all(
            k.arg is not None and signed(k.value, (int,)) for k in c.keywords)
    builtin_constructors = {"set": set, "frozenset": frozenset, "bytearray": bytearray, "range": range,
                            "slice": slice, "float": float}

    def program_made(cls):
        """A class the program made (class statement, namedtuple, type(...)), not one of a module."""
        if not isinstance(cls, type):
            return False
        mod = sys.modules.get(type.__getattribute__(cls, "__module__"))
        if mod is None or mod is sys.modules.get("__main__"):
            return True
        try:
            return getattr(mod, type.__getattribute__(cls, "__qualname__"), None) is not cls
        except Exception:
            return True

    def numpy_scalar(cls):
        """np.int64, np.float64, ... (repr np.int64(6)); numpy is not imported here to find out."""
        if not isinstance(cls, type) or type.__getattribute__(cls, "__module__") != "numpy":
            return False
        return any(b.__name__ == "generic" and b.__module__ == "numpy" for b in type.__getattribute__(cls, "__mro__"))

    def has_comment(src):
        try:
            for tok in tokenize.generate_tokens(io.StringIO(src).readline):
                if tok.type == tokenize.COMMENT:
                    return True
        except (tokenize.TokenError, SyntaxError, ValueError):
            pass
        return False

    def strict_parse(text, what, as_call):
        """The answer's syntax tree (an expression, or the call f(<text>) for an argument list), or
        Rejected: syntax, statements or comment."""
        src = "f(" + text + "\n)" if as_call else text
        try:
            tree = ast.parse(src, "<" + what + ">", "eval")
        except SyntaxError as e:
            try:
                several = len(ast.parse(text, "<" + what + ">", "exec").body) > 1
            except Exception:
                several = False
            if several:
                raise Rejected("statements", "%s is more than one statement" % what)
            raise Rejected("syntax", "%s does not parse: %s" % (what, e.msg))
        except (ValueError, MemoryError, RecursionError) as e:
            raise Rejected("syntax", "%s does not parse: %s" % (what, describe(e)))
        if "#" in text and has_comment(src):
            raise Rejected("comment", "%s contains a comment" % what)
        if as_call:
            body = tree.body
            if not (type(body) is ast.Call and type(body.func) is ast.Name and body.func.id == "f"
                    and body.func.col_offset == 0 and body.end_lineno == src.count("\n") + 1):
                raise Rejected("syntax", "%s is not a plain argument list" % what)
        return tree

    def value_problem(node, calls):
        """None when node is a value (its constructor calls are appended to calls, to be resolved),
        else (reason, what was found)."""
        stack = [node]
        while stack:
            n = stack.pop()
            t = type(n)
            if t is ast.Constant:
                continue
            if t is ast.List or t is ast.Tuple or t is ast.Set:
                stack.extend(n.elts)
            elif t is ast.Dict:
                if any(k is None for k in n.keys):
                    return "starred", "'**' unpacking"
                stack.extend(n.keys)
                stack.extend(n.values)
            elif t is ast.UnaryOp and type(n.op) in signs and signed(n, (int, float, complex)):
                continue
            elif t is ast.BinOp and type(n.op) in (ast.Add, ast.Sub) and signed(n.left, (int, float)) \
                    and const_of(n.right, (complex,)):
                continue  # a complex literal as repr writes it: (1+2j), (-0-1j)
            elif t is ast.Name and n.id == "Ellipsis":
                continue
            elif t is ast.Call:
                for a in n.args:
                    if type(a) is ast.Starred:
                        return "starred", "'*' unpacking"
                for k in n.keywords:
                    if k.arg is None:
                        return "starred", "'**' unpacking"
                calls.append(n)
                stack.extend(n.args)
                stack.extend(k.value for k in n.keywords)
            else:
                return node_reasons.get(t, "expression"), t.__name__
        return None

    def callee_name(func):
        parts = []
        while type(func) is ast.Attribute:
            parts.append(func.attr)
            func = func.value
        if type(func) is not ast.Name:
            return None
        parts.append(func.id)
        return None if any(p.startswith("_") for p in parts) else list(reversed(parts))

    def resolve(call, ns, allow_program, shown):
        """The class a constructor call names, or Rejected('call'). ns None: builtins only.
        A program-made class is allowed with allow_program; shown (the program's output repr,
        for a predicted output) must then contain 'Name(': the form repr writes, so that a class
        whose constructor computes (Sorted([3, 1, 2])) is not a way to make the program's result."""
        parts = callee_name(call.func)
        if parts is None:
            raise Rejected("call", "a call of something that is not a class name")
        dotted = ".".join(parts)
        if len(parts) == 1 and dotted in builtin_constructors:
            cls = builtin_constructors[dotted]  # always the real one, whatever the program rebinds
        elif ns is None:
            cls = None
        else:
            cls = ns.get(parts[0], builtin_constructors.get(parts[0]))
            for p in parts[1:]:
                cls = getattr(cls, p, None)
        form = constructor_forms.get(cls) if isinstance(cls, type) else None
        if form is not None:
            if not form(call):
                raise Rejected("call", "%s(...) with arguments repr does not write" % dotted)
            return cls
        if numpy_scalar(cls):
            if not (no_kw(call) and len(call.args) == 1 and signed(call.args[0], (int, float, complex, bool, str, bytes))):
                raise Rejected("call", "%s(...) with arguments repr does not write" % dotted)
            return cls
        if allow_program and program_made(cls) and (shown is None or parts[-1] + "(" in shown):
            return cls
        raise Rejected("call", "a call of %s, which is not a value's constructor form" % dotted[:60])

    def needs_namespace(calls):
        return any(not (type(c.func) is ast.Name and c.func.id in builtin_constructors) for c in calls)

    class Built:
        """Builds a checked value tree; classes are the resolved callees by node; salt, when set,
        perturbs every constant (the probe for an __eq__ that accepts anything)."""

        def __init__(self, classes, salt=None, written=()):
            self.classes = classes
            self.salt = salt
            self.changed = False
            self.written = written  # calls of program classes that must read back as written

        def const(self, v):
            s = self.salt
            if s is None:
                return v
            # Small changes that look like any other answer (an __eq__ cannot tell a probe by its
            # size or by a marker); s is random per request.
            t = type(v)
            if t is bool:
                v = not v
            elif t is int:
                v = v + 1 + s % 3
            elif t is float:
                if v != v or v in (float("inf"), float("-inf")):
                    return v
                v = v + 1.5 + s % 3
            elif t is complex:
                v = v + complex(0, 1 + s % 3)
            elif t is str:
                v = v + "abcdefghijklmnopqrstuvwxyz"[s % 26]
            elif t is bytes:
                v = v + b"abcdefghijklmnopqrstuvwxyz"[s % 26:s % 26 + 1]
            else:
                return v
            self.changed = True
            return v

        def build(self, n):
            t = type(n)
            if t is ast.Constant:
                return self.const(n.value)
            if t is ast.List:
                return [self.build(e) for e in n.elts]
            if t is ast.Tuple:
                return tuple(self.build(e) for e in n.elts)
            if t is ast.Set:
                return {self.build(e) for e in n.elts}
            if t is ast.Dict:
                return {self.build(k): self.build(v) for k, v in zip(n.keys, n.values)}
            if t is ast.UnaryOp:
                v = self.build(n.operand)
                return -v if type(n.op) is ast.USub else +v
            if t is ast.BinOp:
                left, right = self.build(n.left), self.build(n.right)
                return left + right if type(n.op) is ast.Add else left - right
            if t is ast.Name:
                return Ellipsis
            if t is ast.Call:
                cls = self.classes[id(n)]
                if cls is float or cls is _decimal.Decimal:
                    return cls(n.args[0].value)  # the spelling of a number, not data to perturb
                obj = cls(*[self.build(a) for a in n.args], **{k.arg: self.build(k.value) for k in n.keywords})
                if id(n) in self.written and not reads_back_as(obj, n):
                    raise Rejected("call", "%s(...) is not written the way its repr writes it (its constructor "
                                           "changed the arguments, or they are spelled differently)" % type(obj).__name__)
                return obj
            raise Rejected("expression", type(n).__name__)  # cannot happen after value_problem

    def reads_back_as(obj, node):
        """Does repr(obj) parse to the same tree as node? (formatting and parentheses aside)"""
        try:
            text = safe_repr(obj)
            return len(text) <= max_answer and ast.dump(ast.parse(text.strip(), "<repr>", "eval").body) == ast.dump(node)
        except (Exception, RecursionError):
            return False

    class StrictValue:
        """A checked answer: its tree and, once resolved, its classes."""

        def __init__(self, node, what):
            self.node = node
            self.calls = []
            problem = value_problem(node, self.calls)
            if problem:
                reason, found = problem
                raise Rejected(reason, "%s is not a value (%s)" % (what, found))
            self.classes = None

        def needs_namespace(self):
            return needs_namespace(self.calls)

        def resolve(self, ns, allow_program, shown=None):
            self.classes = {id(c): resolve(c, ns, allow_program, shown) for c in self.calls}
            # In a predicted output a program class must be written as its repr writes it, so that
            # a constructor that computes (Box([3, 1, 2]) of a sorting Box) computes nothing.
            self.written = frozenset(k for k, cls in self.classes.items()
                                     if shown is not None and cls not in constructor_forms and not numpy_scalar(cls))
            return self

        def value(self):
            return Built(self.classes, written=self.written).build(self.node)

        def probes(self, value):
            """Values the answer is not: a fresh object, and the same shape with every constant changed
            (unless that happens to be the same value, as {True, False} with both flipped)."""
            out = [object()]
            b = Built(self.classes, int.from_bytes(os.urandom(4), "little"))
            try:
                v = b.build(self.node)
                if b.changed and not truthy(v == value):
                    out.append(v)
            except (Exception, RecursionError):
                pass
            return out

    def equals_a_probe(value, probes):
        for p in probes:
            try:
                if truthy(value == p):
                    return True
            except (Exception, RecursionError):
                pass
        return False

    def degenerate(what):
        return Rejected("degenerate_eq", "%s compares equal to a different value too (an __eq__ that accepts anything)" % what)

    max_answer = max(4 * max_output, 1000)

    def strict_output(text):
        text = text.strip()
        if len(text) > max_answer:
            raise Rejected("too_large", "the predicted output has %d characters, more than any stored output" % len(text))
        return StrictValue(strict_parse(text, "predicted output", False).body, "predicted output")

    def strict_arguments(text):
        call = strict_parse(text, "predicted input", True).body
        for a in call.args:
            if type(a) is ast.Starred:
                raise Rejected("starred", "predicted input uses '*' unpacking")
        for k in call.keywords:
            if k.arg is None:
                raise Rejected("starred", "predicted input uses '**' unpacking")
        args = [StrictValue(a, "predicted input") for a in call.args]
        kwargs = [(k.arg, StrictValue(k.value, "predicted input")) for k in call.keywords]
        return args, kwargs

    # --- operations ------------------------------------------------------------------------------------
    def op_run(req):
        code = program_code(req["program"], False)
        call = call_code(req.get("input", ""), "input")
        text = safe_repr(evaluate(call, fresh_namespace(code), "input"))
        return {"ok": True, "output": cut(text)}

    def op_validate(req):
        code = program_code(req["program"], True)
        call = call_code(req.get("input", ""), "input")
        # two runs, each in a fresh namespace with the input evaluated afresh
        r1 = evaluate(call, fresh_namespace(code), "input")
        t1 = safe_repr(r1)
        if len(t1) > max_output:  # invalid whatever the second run says: skip it
            raise Fail("too_large", "output repr has %d characters, more than the %d that are stored"
                       % (len(t1), max_output))
        r2 = evaluate(call, fresh_namespace(code), "input")
        t2 = safe_repr(r2)
        if t1 != t2:
            raise Fail("nondeterministic", "two runs returned different outputs: %s vs %s"
                       % (one_line(cut(t1), 80), one_line(cut(t2), 80)))
        if not truthy(r1 == r2):
            raise Fail("unserializable", "the output is not equal to itself (e.g. NaN): " + one_line(cut(t1), 120))
        try:
            tree = parse_expression(t1, "output")
        except Fail:
            raise Fail("unserializable", "output repr is not a Python expression: " + one_line(t1, 120))
        try:
            back = ast.literal_eval(tree)
        except Exception:
            # Not a plain literal (Counter(...), Ellipsis, deque(...)): answers are compared with it
            # after running the program, so it must evaluate back in the program's namespace.
            try:
                back = evaluate(tree, fresh_namespace(code), "output")
            except Fail:
                raise Fail("unserializable", "output repr is not a Python expression: " + one_line(t1, 120))
            except (Exception, RecursionError) as e:
                raise Fail("unserializable", "output repr does not evaluate back (%s): %s"
                           % (describe(e), one_line(t1, 100)))
        if not truthy(back == r1):
            raise Fail("unserializable", "output repr evaluates to a different value: " + one_line(t1, 120))
        if equals_a_probe(r1, gold_probes(tree, back)):
            raise Fail("unserializable", "the output compares equal to a different value too (an __eq__ that accepts anything)")
        return {"ok": True, "output": t1}

    def op_check_output(req):
        if req.get("grading") == "lenient":
            return check_output_lenient(req)
        # Strict: the answer is read as a value before anything runs; the program's result is then
        # compared with it, and must not also equal the probes (a different value of the same shape).
        answer = strict_output(req.get("predicted", ""))
        code = program_code(req["program"], False)
        call = call_code(req.get("input", ""), "input")
        real = evaluate(call, fresh_namespace(code), "input")
        shown = safe_repr(real)
        answer.resolve(fresh_namespace(code) if answer.needs_namespace() else None, True, shown)
        pred = answer.value()
        ok = truthy(real == pred)
        if ok and equals_a_probe(real, answer.probes(pred)):
            raise degenerate("the program's output")
        return {"ok": ok, "output": cut(shown)}

    def check_output_lenient(req):
        """The benchmark's rule (CRUXEval: assert f(input) == prediction), as before strict grading."""
        code = program_code(req["program"], False)
        call = call_code(req.get("input", ""), "input")
        predicted = parse_expression(req.get("predicted", "").strip(), "predicted output")
        real = evaluate(call, fresh_namespace(code), "input")
        try:
            # A plain literal means the same in every namespace: no second run of the program.
            pred = ast.literal_eval(predicted)
        except Exception:
            ns = fresh_namespace(code)
            check_data(predicted, ns, "predicted output", False)
            pred = evaluate(predicted, ns, "predicted output")
        return {"ok": truthy(real == pred), "output": cut(safe_repr(real))}

    def gold_value(text, code, what):
        """A stored output: a plain literal directly, else evaluated in a fresh program namespace."""
        tree = parse_expression(text.strip(), what)
        try:
            return ast.literal_eval(tree), tree
        except Exception:
            pass
        # outside the except block: the program's code never runs with the worker's exception in sys.exc_info()
        return evaluate(tree, fresh_namespace(code), what), tree

    def gold_probes(tree, gold):
        """Probes for a stored output (see StrictValue.probes), when it reads as a value."""
        try:
            value = StrictValue(tree.body, "output")
            if value.needs_namespace():
                return [object()]
            return value.resolve(None, False).probes(gold)
        except Fail:
            return [object()]

    def op_check_input(req):
        if req.get("grading") == "lenient":
            return check_input_lenient(req)
        args, kwargs = strict_arguments(req.get("predicted", ""))
        code = program_code(req["program"], False)
        gold, gold_tree = gold_value(req.get("output", ""), code, "output")
        ns = fresh_namespace(code)
        need = any(a.needs_namespace() for a in args) or any(v.needs_namespace() for _, v in kwargs)
        for a in args:
            a.resolve(ns if need else None, True)
        for _, v in kwargs:
            v.resolve(ns if need else None, True)
        got = ns["f"](*[a.value() for a in args], **{k: v.value() for k, v in kwargs})
        ok = truthy(gold == got)
        if ok and equals_a_probe(got, gold_probes(gold_tree, gold)):
            raise degenerate("the program's result for this input")
        return {"ok": ok, "output": cut(safe_repr(got))}

    def check_input_lenient(req):
        code = program_code(req["program"], False)
        gold_tree = parse_expression(req.get("output", "").strip(), "output")
        call = compile_call(req.get("predicted", ""), "predicted input")
        gold = evaluate(gold_tree, fresh_namespace(code), "output")
        ns = fresh_namespace(code)
        check_data(ast.Expression(ast.Tuple(call.body.args + [k.value for k in call.body.keywords], ast.Load())),
                   ns, "predicted input", True, allow_lambdas=True)
        got = evaluate(call, ns, "predicted input")
        return {"ok": truthy(gold == got), "output": cut(safe_repr(got))}

    def op_check_program(req):
        # Each pair's output is read before the candidate runs for it: a plain literal directly;
        # anything else (Counter(...), Point(...)) in the reference program's namespace when the
        # request names one, else in the candidate's namespace as the original does. In the first
        # two cases the candidate's result is compared through its repr, read as a strict value (so
        # the candidate's code never sees the output); in the last, a result that also equals a
        # different value of the output's shape (an __eq__ that accepts anything) fails.
        code = program_code(req["program"], False)
        reference = req.get("reference")
        ref_code = program_code(reference, False) if reference else None
        pairs = req.get("pairs") or []
        passed = 0
        for pair in pairs:
            try:
                call = compile_call(pair[0], "pair input")
                tree = parse_expression(pair[1].strip(), "pair output")
                try:
                    gold, literal = ast.literal_eval(tree), True
                except Exception:
                    gold, literal = None, False
                if literal:
                    # The candidate's result is read back through its repr as a strict value built
                    # here, so no code of the candidate ever receives the output (an __eq__ could
                    # otherwise stash it in a module for the next rollout of the same task).
                    got_ns = fresh_namespace(code)
                    got = evaluate(call, got_ns, "pair input")
                    back = strict_output(safe_repr(got)).resolve(got_ns, False).value()
                    ok = truthy(gold == back)
                elif ref_code is not None:
                    ref_ns = fresh_namespace(ref_code)
                    gold = evaluate(tree, ref_ns, "output")
                    got = evaluate(call, fresh_namespace(code), "pair input")
                    back = strict_output(safe_repr(got)).resolve(ref_ns, True).value()
                    ok = truthy(gold == back)
                else:  # the original's rule: the output read in the candidate's namespace
                    gold = evaluate(tree, fresh_namespace(code), "output")
                    got = evaluate(call, fresh_namespace(code), "pair input")
                    ok = truthy(gold == got) and not equals_a_probe(got, gold_probes(tree, gold))
                if ok:
                    passed += 1
            except Fail as e:
                if e.kind == "no_entry":
                    raise
            except (Exception, RecursionError):
                pass  # this pair fails; the others are still tried
        return {"ok": passed == len(pairs) and len(pairs) > 0, "passed": passed, "total": len(pairs)}

    ops = {"run": op_run, "validate": op_validate, "check_output": op_check_output,
           "check_input": op_check_input, "check_program": op_check_program}

    def cpu_used():
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    def classify(exc):
        if isinstance(exc, Rejected):
            return {"ok": False, "kind": "rejected", "reason": exc.reason, "message": one_line(exc.message)}
        if isinstance(exc, Fail):
            return {"ok": False, "kind": exc.kind, "message": exc.message}
        if isinstance(exc, MemoryError):
            return {"ok": False, "kind": "memory", "message": "memory limit reached (MemoryError)"}
        if isinstance(exc, (SandboxError, FrameRefused, ImportRefused)):
            return {"ok": False, "kind": "banned", "message": describe(exc)}
        if isinstance(exc, SystemExit):
            return {"ok": False, "kind": "runtime", "message": "the program called exit()"}
        return {"ok": False, "kind": "runtime", "message": describe(exc)}

    def run_op(op, req):
        """Runs op and turns everything that can go wrong into a result, while the timer runs."""
        try:
            try:
                return op(req)
            except BaseException as e:
                if isinstance(e, Timeout):
                    raise
                return classify(e)
            finally:
                # Free what the program made while the timer still runs, so a __del__ that never
                # ends is charged to this request and not to the next one.
                collect_and_freeze()
                changed[0] = modules_changed()
        except BaseException as e:  # Timeout, or an exception from a program's cleanup code
            if timed_out[0] or isinstance(e, Timeout):
                return None
            return classify(e) if not isinstance(e, Timeout) else None

    def handle(req):
        op = ops.get(req.get("op"))
        if op is None:
            return {"ok": False, "kind": "bad_request", "message": "unknown op"}
        timeout = float(req.get("timeout_ms", 0)) / 1000.0 or default_timeout
        rearming[0] = True
        try:
            real_setrlimit(RLIMIT_CPU, (min(cpu_hard, int(cpu_used() + timeout) + 2), cpu_hard))
        finally:
            rearming[0] = False
        del violations[:]
        timed_out[0] = False
        changed[0] = True  # until modules_changed says otherwise
        threads_before = thread_count()
        sys.stdout = sys.stderr = BoundedOut()
        sys.stdin = NoStdin()
        real_setrecursionlimit(1000)
        result = None
        try:
            real_setitimer(signal.ITIMER_REAL, timeout)
            result = run_op(op, req)
            req = None
            real_setitimer(signal.ITIMER_REAL, 0)
        except Timeout:
            timed_out[0] = True
        finally:
            real_setitimer(signal.ITIMER_REAL, 0)
            sys.stdout, sys.stderr, sys.stdin = sys.__stdout__, sys.__stderr__, sys.__stdin__
        if timed_out[0] or result is None:
            result = {"ok": False, "kind": "timeout", "message": "no result within %d ms" % round(timeout * 1000)}
        elif violations:
            result = {"ok": False, "kind": "banned", "message": one_line("sandbox refused " + violations[0])}
        if violations:
            # whatever the refused program did before it was stopped stays with this worker
            result["recycle"] = True
        if not all(map(is_, map(loaded_module, kept_names), kept_modules)):
            result["recycle"] = True  # a watched or stubbed module removed or replaced in sys.modules
        if thread_count() > threads_before or active_count() > 1:
            result = {"ok": False, "kind": "banned", "message": "the program left a thread running"}
            result["recycle"] = True
        if len(sys.modules) != frozen_modules[0]:
            # a program imported new modules (numpy...): freeze them too, they stay loaded
            gc_collect()
            _gc.freeze()
            frozen_modules[0] = len(sys.modules)
        if changed[0] or timed_out[0]:
            result["recycle"] = True  # e.g. math.pi = 3: the next program must not see it
        if result.get("kind") in ("memory", "timeout"):
            result["recycle"] = True  # the worker may be in a bad state; Java replaces it
        return result

    import gc as _gc
    gc_collect = _gc.collect
    collections_since_thaw = [0]

    def collect_and_freeze():
        """A full collection, then what survived is frozen: the next collection looks only at what
        the next program makes (a few microseconds instead of a walk over every survivor). Frozen
        objects that later become cyclic garbage are reclaimed by a thawed collection every 4096
        requests; objects freed by reference counting never wait."""
        collections_since_thaw[0] += 1
        if collections_since_thaw[0] >= 4096:
            collections_since_thaw[0] = 0
            _gc.unfreeze()
        gc_collect()
        _gc.freeze()

    # Snapshots of the modules every program shares, to notice a program that changed one.
    watched = [m for m in (sys.modules.get(n) for n in (
        "builtins", "math", "collections", "itertools", "functools", "heapq", "bisect", "re", "string",
        "operator", "copy", "json", "random", "time", "os", "statistics", "fractions", "decimal")) if m is not None]
    snapshots = [(m.__dict__, dict(m.__dict__)) for m in watched]

    def modules_changed():
        # Called while the timer runs: dict comparison checks identity first, so it is fast, and
        # an __eq__ a program planted in a module cannot hang the worker outside its budget.
        for live, snap in snapshots:
            if live != snap:
                return True
        return False

    sys.stdout = sys.stderr = BoundedOut()
    sys.__stdout__ = sys.__stderr__ = sys.stdout
    sys.__stdin__ = sys.stdin = NoStdin()
    # Everything the worker made so far lives for its whole life: keep it out of the collections
    # run after each task (a full collection over it costs ~2 ms; afterwards a few microseconds).
    _gc.collect()
    _gc.freeze()
    # Each request ends with a full collection, so automatic ones can be rarer: with the default
    # 700 allocations a tenth of compiling a program went to collections of its syntax tree.
    _gc.set_threshold(10000, 10, 10)
    frozen_modules = [len(sys.modules)]
    startup_modules[0] = frozenset(sys.modules)
    # The watched modules and those holding the stubs must stay the ones in sys.modules (a program
    # that put another `math` there would change the next program's results). Compared by identity
    # in C, so nothing a program put into sys.modules runs here; about 1 µs a request.
    import operator
    is_ = operator.is_
    loaded_module = sys.modules.get
    kept_modules = tuple(watched) + tuple(m for m in (sys.modules.get(n) for n in (
        "_thread", "threading", "posix", "resource", "signal", "_signal", "sys")) if m is not None)
    kept_names = tuple(m.__name__ for m in kept_modules)
    sys.addaudithook(hook)
    layers.append("audit_hook")
    enforcing[0] = True
    send({"ready": True, "python": "%d.%d.%d" % sys.version_info[:3], "layers": layers})

    while True:
        line = reader.readline()
        if not line:
            break
        try:
            req = json.loads(line)
        except ValueError:
            send({"n": None, "ok": False, "kind": "bad_request", "message": "request is not JSON"})
            continue
        nonce = req.pop("n", None)
        try:
            result = handle(req)
        except BaseException as e:  # the worker itself failed, e.g. MemoryError while answering
            result = {"ok": False, "kind": "worker_crash", "message": describe(e), "recycle": True}
        result["n"] = nonce
        message = result.get("message")
        if type(message) is str and len(message) > 1000:
            # answers stay short: a message quoting a program's 19,000-character name, 16 times
            # in the pipe, would fill it while Java is still writing (Java clips at 1000 too)
            result["message"] = message[:997] + "..."
        try:
            send(result)
        except (ValueError, TypeError, UnicodeError):
            send({"n": nonce, "ok": False, "kind": "unserializable", "message": "result could not be encoded",
                  "recycle": result.get("recycle", False)})
        if result.get("recycle"):
            # Java retires this worker and runs the requests still in its pipe on a clean one:
            # running them here would only waste the time.
            real_exit(0)


try:
    _main()
except BaseException:  # a failure of the worker itself: say why on the real stderr for Java's log
    import posix
    import traceback
    try:  # posix.write is refused once the sandbox is up (a failure that late is not expected)
        posix.write(2, ("azr4j worker failed: " + traceback.format_exc()).encode("utf-8", "replace"))
    except BaseException:
        pass
    raise SystemExit(70)
