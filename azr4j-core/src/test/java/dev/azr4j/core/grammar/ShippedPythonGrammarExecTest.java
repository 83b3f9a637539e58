package dev.azr4j.core.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.ExecutorUnavailableException;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Random walks of the shipped Python grammars through CPython (the sandboxed executor): every
 * python-program sample parses and nearly all run on a literal input fitting their signature;
 * every python-literal sample evaluates as an argument list.
 */
class ShippedPythonGrammarExecTest {
    @Test
    void randomProgramsParseAndRunAndLiteralsEvaluate() {
        PythonExecutor exec;
        try {
            exec = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(2));
        } catch (ExecutorUnavailableException e) {
            Assumptions.abort("no usable Python for the executor: " + e.getMessage());
            return;
        }
        Tokenizer tok = ByteTokenizer.instance();
        TokenGrammar program = Grammars.shipped("python-program", tok);
        TokenGrammar literal = Grammars.shipped("python-literal", tok);
        Random rnd = new Random(3);
        List<ExecRequest> programs = new ArrayList<>();
        List<ExecRequest> literals = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String p = walk(program, tok, rnd, 4000);
            if (p != null) programs.add(new ExecRequest.Run(p, inputFor(p, rnd)));
            String l = walk(literal, tok, rnd, 400);
            if (l != null) literals.add(new ExecRequest.Run("def f(*a):\n    return a", l));
        }
        try (exec) {
            List<ExecResult> pr = exec.execute(programs);
            int ok = 0;
            for (int i = 0; i < pr.size(); i++) {
                ExecResult r = pr.get(i);
                if (r.ok()) ok++;
                else if (r.error().kind() == ErrorKind.SYNTAX) throw new AssertionError("does not parse: " + r.error().message() + "\n" + ((ExecRequest.Run) programs.get(i)).program());
            }
            assertTrue(programs.size() >= 250, "complete programs: " + programs.size());
            assertTrue(ok >= 0.9 * pr.size(), "programs that run: " + ok + " of " + pr.size());
            List<ExecResult> lr = exec.execute(literals);
            for (int i = 0; i < lr.size(); i++) {
                String input = ((ExecRequest.Run) literals.get(i)).input();
                assertTrue(lr.get(i).ok(), () -> "literal does not evaluate: " + input);
            }
            assertTrue(literals.size() >= 250, "complete literals: " + literals.size());
        }
    }

    private static String inputFor(String program, Random rnd) {
        String sig = program.substring("def f(".length(), program.indexOf(')'));
        List<String> args = new ArrayList<>();
        for (String p : sig.split(", ")) {
            args.add(switch (p) {
                case "n" -> Integer.toString(rnd.nextInt(20) - 5);
                case "s" -> "'" + "abcabc".substring(0, rnd.nextInt(7)) + "'";
                default -> "[" + String.join(", ", rnd.ints(rnd.nextInt(6), -5, 15).mapToObj(Integer::toString).toList()) + "]";
            });
        }
        assertEquals(sig.split(", ").length, args.size());
        return String.join(", ", args);
    }

    private static String walk(TokenGrammar g, Tokenizer tok, Random rnd, int maxTokens) {
        GrammarMatcher m = g.newMatcher();
        long[] mask = new long[(g.vocabSize() + 63) / 64];
        int[] allowed = new int[g.vocabSize()];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int step = 0; step < maxTokens; step++) {
            if (m.isTerminated()) return out.toString(StandardCharsets.UTF_8);
            m.fillNextTokenMask(mask);
            int k = 0;
            for (int i = 0; i < mask.length; i++) {
                for (long bits = mask[i]; bits != 0; bits &= bits - 1) allowed[k++] = (i << 6) + Long.numberOfTrailingZeros(bits);
            }
            if (m.canEnd() && (k == 1 || rnd.nextInt(4) == 0)) return out.toString(StandardCharsets.UTF_8);
            int t;
            do t = allowed[rnd.nextInt(k)]; while (t == tok.eosId() && k > 1);
            assertTrue(m.accept(t));
            out.writeBytes(tok.tokenBytes(t));
        }
        return null;
    }
}
