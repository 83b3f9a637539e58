package dev.azr4j.core.loop;

import dev.azr4j.core.parse.PythonSource;
import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecError;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.Executor;
import dev.azr4j.executor.IoPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A stand-in for the Python sandbox that knows a few programs as Java functions on argument text.
 * Unknown programs are syntax errors; functions that throw are runtime errors.
 */
final class FakeExecutor implements Executor {
    private final Map<String, UnaryOperator<String>> programs = new HashMap<>();
    final List<ExecRequest> seen = new ArrayList<>();

    FakeExecutor() {
        define("def f(a):\n    return a", s -> s);
        define("def f(x):\n    return x * 2", s -> String.valueOf(Integer.parseInt(s) * 2));
        define("def f(x):\n    return x + 1", s -> String.valueOf(Integer.parseInt(s) + 1));
        define("def f(x):\n    return x // 0", s -> { throw new ArithmeticException("division by zero"); });
    }

    void define(String program, UnaryOperator<String> fn) {
        programs.put(PythonSource.normalize(program), fn);
    }

    @Override
    public List<ExecResult> execute(List<? extends ExecRequest> batch) {
        List<ExecResult> out = new ArrayList<>();
        for (ExecRequest r : batch) {
            seen.add(r);
            out.add(one(r));
        }
        return out;
    }

    private ExecResult one(ExecRequest r) {
        try {
            return switch (r) {
                case ExecRequest.Run run when run.program().startsWith("import ast") -> ok("5");
                case ExecRequest.Run run -> ok(call(run.program(), run.input()));
                case ExecRequest.Validate v -> ok(call(v.program(), v.input()));
                case ExecRequest.CheckOutput c -> check(call(c.program(), c.input()).equals(c.predicted().strip()));
                case ExecRequest.CheckInput c -> check(call(c.program(), c.predictedInput()).equals(c.output()));
                case ExecRequest.CheckProgram c -> {
                    int passed = 0;
                    for (IoPair p : c.pairs()) if (call(c.candidate(), p.input()).equals(p.output())) passed++;
                    yield new ExecResult(passed == c.pairs().size(), null, passed, c.pairs().size(), null, 0.1);
                }
            };
        } catch (UnknownProgram e) {
            return new ExecResult(false, null, null, null, new ExecError(ErrorKind.SYNTAX, "unknown program"), 0.1);
        } catch (RuntimeException e) {
            return new ExecResult(false, null, null, null, new ExecError(ErrorKind.RUNTIME, e.toString()), 0.1);
        }
    }

    private String call(String program, String input) {
        UnaryOperator<String> fn = programs.get(PythonSource.normalize(program));
        if (fn == null) throw new UnknownProgram();
        return fn.apply(input.strip());
    }

    private static ExecResult ok(String output) {
        return new ExecResult(true, output, null, null, null, 0.1);
    }

    private static ExecResult check(boolean ok) {
        return new ExecResult(ok, null, null, null, ok ? null : new ExecError(ErrorKind.RUNTIME, "not equal"), 0.1);
    }

    long count(Class<?> type) {
        return seen.stream().filter(type::isInstance).count();
    }

    @Override
    public void close() {}

    private static final class UnknownProgram extends RuntimeException {}
}
