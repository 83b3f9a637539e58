package dev.azr4j.bench;

import dev.azr4j.executor.ErrorKind;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How well the shipped Python grammars serve a random model: random walks (uniform over the allowed
 * tokens at every step) of {@code python-program} are run by the sandboxed executor on a random
 * literal input fitting the signature, and walks of {@code python-literal} are passed as the
 * arguments of {@code f(*a)}; prints the share that parse and the share that run without error.
 *
 * <p>Usage: {@code GrammarProgramBench [N] [TOKENIZER_JSON|bytes] [SEED]} (defaults 1000, bytes, 1).
 */
public final class GrammarProgramBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Tokenizer tok = args.length > 1 && !args[1].equals("bytes") ? Tokenizers.load(Path.of(args[1])) : ByteTokenizer.instance();
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Random rnd = new Random(seed);
        TokenGrammar program = Grammars.shipped("python-program", tok);
        TokenGrammar literal = Grammars.shipped("python-literal", tok);
        List<ExecRequest> programs = new ArrayList<>();
        List<ExecRequest> literals = new ArrayList<>();
        int incomplete = 0;
        for (int i = 0; i < n; i++) {
            String p = walk(program, tok, rnd, 4000);
            if (p == null) incomplete++;
            else programs.add(new ExecRequest.Run(p, inputFor(p, rnd)));
            String l = walk(literal, tok, rnd, 400);
            if (l != null) literals.add(new ExecRequest.Run("def f(*a):\n    return a", l));
        }
        try (PythonExecutor ex = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(2))) {
            report("python-program", programs, ex.execute(programs), incomplete, n);
            report("python-literal", literals, ex.execute(literals), n - literals.size(), n);
        }
    }

    private static void report(String name, List<ExecRequest> reqs, List<ExecResult> results, int incomplete, int n) {
        Map<ErrorKind, Integer> errors = new EnumMap<>(ErrorKind.class);
        int ok = 0;
        String example = null;
        for (int i = 0; i < results.size(); i++) {
            ExecResult r = results.get(i);
            if (r.ok()) ok++;
            else {
                errors.merge(r.error().kind(), 1, Integer::sum);
                if (example == null && r.error().kind() == ErrorKind.RUNTIME) example = r.error().message();
            }
        }
        int syntax = errors.getOrDefault(ErrorKind.SYNTAX, 0);
        int done = results.size();
        System.out.printf("%s: %d walks, %d complete; of these %.1f%% parse (no syntax error), %.1f%% run without error; errors %s%n",
                name, n, done, done == 0 ? 0 : 100.0 * (done - syntax) / done, done == 0 ? 0 : 100.0 * ok / done, errors);
        if (example != null) System.out.println("  e.g. " + example);
        if (incomplete > 0) System.out.println("  " + incomplete + " walks hit the token limit before the grammar ended");
    }

    /** A random literal argument list for the signature on the program's first line. */
    static String inputFor(String program, Random rnd) {
        String sig = program.substring("def f(".length(), program.indexOf(')'));
        List<String> args = new ArrayList<>();
        for (String p : sig.split(", ")) {
            args.add(switch (p) {
                case "n" -> Integer.toString(rnd.nextInt(20) - 5);
                case "s" -> "'" + randomWord(rnd) + "'";
                default -> {
                    StringBuilder b = new StringBuilder("[");
                    int k = rnd.nextInt(6);
                    for (int i = 0; i < k; i++) b.append(i == 0 ? "" : ", ").append(rnd.nextInt(20) - 5);
                    yield b.append(']').toString();
                }
            });
        }
        return String.join(", ", args);
    }

    private static String randomWord(Random rnd) {
        StringBuilder b = new StringBuilder();
        int k = rnd.nextInt(8);
        for (int i = 0; i < k; i++) b.append((char) ('a' + rnd.nextInt(6)));
        return b.toString();
    }

    /** A uniformly random walk to the end of the language, or null past {@code maxTokens}. */
    static String walk(TokenGrammar g, Tokenizer tok, Random rnd, int maxTokens) {
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
            m.accept(t);
            out.writeBytes(tok.tokenBytes(t));
        }
        return null;
    }
}
