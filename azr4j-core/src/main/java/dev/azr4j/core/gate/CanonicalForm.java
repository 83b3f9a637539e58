package dev.azr4j.core.gate;

import dev.azr4j.core.parse.PythonSource;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The canonical form of a program and its inputs, the key of the gate's duplicate and probe rules
 * and of the diversity metrics. Canonical: the program's AST with docstrings and other bare
 * constant statements dropped (comments never reach the AST), every name the program binds
 * (parameters, assigned and loop variables, nested functions and classes; not {@code f}, builtins,
 * modules or attributes) renamed {@code _v0, _v1, ...} in order of appearance, and
 * {@code ast.unparse} of the result; each input as {@code ast.unparse} writes the call
 * {@code f(input)}, so that spacing, quotes and redundant parentheses do not matter. Computed by
 * the executor (the sandbox's own Python parses exactly what the programs run on). Exact: the
 * program with trailing spaces and blank lines removed (the buffers' duplicate key) and each input
 * stripped; also the fallback when the executor gives no canonical form.
 *
 * @param program the program key
 * @param inputs  the input keys, in the order given
 */
public record CanonicalForm(String program, List<String> inputs) {
    public CanonicalForm {
        inputs = List.copyOf(inputs);
    }

    /** Runs as {@code f(program_text, [input_text, ...])} and returns {@code (program, [inputs])}. */
    static final String PROGRAM = """
            import ast

            def f(src, inputs):
                tree = ast.parse(src)
                for node in ast.walk(tree):
                    for field in ('body', 'orelse', 'finalbody'):
                        body = getattr(node, field, None)
                        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                            kept = [s for s in body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                            if not kept and field == 'body':
                                kept = [ast.Pass()]
                            setattr(node, field, kept)
                bound = set()
                for node in ast.walk(tree):
                    if isinstance(node, ast.arg):
                        bound.add(node.arg)
                    elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
                        bound.add(node.id)
                    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name != 'f':
                        bound.add(node.name)
                    elif isinstance(node, ast.ExceptHandler) and node.name:
                        bound.add(node.name)
                names = {}

                def new(n):
                    if n not in bound:
                        return n
                    if n not in names:
                        names[n] = '_v%d' % len(names)
                    return names[n]

                def visit(node):
                    if isinstance(node, ast.arg):
                        node.arg = new(node.arg)
                    elif isinstance(node, ast.Name):
                        node.id = new(node.id)
                    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name != 'f':
                        node.name = new(node.name)
                    elif isinstance(node, ast.ExceptHandler) and node.name:
                        node.name = new(node.name)
                    elif isinstance(node, (ast.Global, ast.Nonlocal)):
                        node.names = [new(n) for n in node.names]
                    for child in ast.iter_child_nodes(node):
                        visit(child)

                visit(tree)
                out = []
                for text in inputs:
                    try:
                        out.append(ast.unparse(ast.parse('f(' + text + ')', mode='eval'))[2:-1])
                    except (SyntaxError, ValueError, RecursionError):
                        out.append(text.strip())
                return (ast.unparse(tree), out)""";

    /** The executor request computing the canonical form of {@code program} with {@code inputs}. */
    public static ExecRequest request(String program, List<String> inputs) {
        StringBuilder arg = new StringBuilder(PythonSource.stringLiteral(program)).append(", [");
        for (int i = 0; i < inputs.size(); i++) {
            if (i > 0) arg.append(", ");
            arg.append(PythonSource.stringLiteral(inputs.get(i)));
        }
        return new ExecRequest.Run(PROGRAM, arg.append(']').toString());
    }

    /** The canonical form in a result of {@link #request}; empty when it failed or is malformed. */
    public static Optional<CanonicalForm> of(ExecResult r, int inputs) {
        if (r == null || !r.ok() || r.output() == null) return Optional.empty();
        Optional<PyLiteral> v = PyLiteral.parse(r.output());
        if (v.isEmpty() || !(v.get() instanceof PyLiteral.Seq t) || t.kind() != PyLiteral.SeqKind.TUPLE || t.items().size() != 2
                || !(t.items().get(0) instanceof PyLiteral.Str program) || !(t.items().get(1) instanceof PyLiteral.Seq list)
                || list.items().size() != inputs) return Optional.empty();
        List<String> keys = new ArrayList<>(inputs);
        for (PyLiteral x : list.items()) {
            if (!(x instanceof PyLiteral.Str s)) return Optional.empty();
            keys.add(s.value());
        }
        return Optional.of(new CanonicalForm(program.value(), keys));
    }

    /** The exact form: normalised program text, stripped inputs. */
    public static CanonicalForm exact(String program, List<String> inputs) {
        return new CanonicalForm(PythonSource.normalize(program), inputs.stream().map(String::strip).toList());
    }
}
