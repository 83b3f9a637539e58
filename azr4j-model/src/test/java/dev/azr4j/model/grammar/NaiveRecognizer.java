package dev.azr4j.model.grammar;

import dev.azr4j.model.grammar.GbnfAst.Alt;
import dev.azr4j.model.grammar.GbnfAst.CharClass;
import dev.azr4j.model.grammar.GbnfAst.Expr;
import dev.azr4j.model.grammar.GbnfAst.Literal;
import dev.azr4j.model.grammar.GbnfAst.Repeat;
import dev.azr4j.model.grammar.GbnfAst.Rule;
import dev.azr4j.model.grammar.GbnfAst.RuleRef;
import dev.azr4j.model.grammar.GbnfAst.Seq;
import dev.azr4j.model.grammar.GbnfAst.TokenRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An independent recogniser for the tests: direct recursive matching of the GBNF syntax tree over
 * an input of symbols (0–255 a byte, 256 + id a named token), code point by code point, with no
 * automata. {@code ends(e, i)} is the set of positions {@code j} where {@code e} matches
 * {@code input[i..j)}, plus {@link #OVER} when {@code e} matches some string that the rest of the
 * input is a proper prefix of. Assumes a grammar without left recursion whose rules all match something.
 */
final class NaiveRecognizer {
    static final int OVER = Integer.MAX_VALUE;

    private final Map<String, Expr> rules = new HashMap<>();
    private int[] in;
    private Map<String, Set<Integer>>[] memo;

    private final dev.azr4j.model.tokenizer.Tokenizer tokenizer;

    NaiveRecognizer(String gbnf, dev.azr4j.model.tokenizer.Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        for (Rule r : GbnfParser.parse(gbnf, "test")) rules.put(r.name(), r.body());
    }

    /** Whether {@code input} is a prefix of some sentence. */
    boolean viable(int[] input) {
        Set<Integer> e = run(input);
        return e.contains(input.length) || e.contains(OVER);
    }

    /** Whether {@code input} is a sentence. */
    boolean complete(int[] input) {
        return run(input).contains(input.length);
    }

    @SuppressWarnings("unchecked")
    private Set<Integer> run(int[] input) {
        in = input;
        memo = new Map[input.length + 1];
        return ends(new RuleRef("root", null), 0);
    }

    private Set<Integer> ends(Expr e, int i) {
        int n = in.length;
        Set<Integer> out = new HashSet<>();
        switch (e) {
            case Literal lit -> {
                byte[] b = lit.utf8();
                int k = 0;
                while (k < b.length && i + k < n && in[i + k] == (b[k] & 0xff)) k++;
                if (k == b.length) out.add(i + k);
                else if (i + k == n) out.add(OVER);
            }
            case CharClass cc -> matchClass(cc, i, out);
            case TokenRef tok -> {
                if (i == n) out.add(OVER);
                else if (in[i] >= 256 && in[i] - 256 == (tok.text() == null ? tok.id() : tokenizer.tokenId(tok.text()).orElseThrow())) out.add(i + 1);
            }
            case RuleRef ref -> {
                if (i == OVER) return Set.of(OVER);
                Map<String, Set<Integer>> m = memo[i] == null ? (memo[i] = new HashMap<>()) : memo[i];
                Set<Integer> cached = m.get(ref.name());
                if (cached != null) return cached;
                Set<Integer> r = ends(rules.get(ref.name()), i);
                m.put(ref.name(), r);
                return r;
            }
            case Alt alt -> {
                for (Expr o : alt.options()) out.addAll(ends(o, i));
            }
            case Seq seq -> {
                Set<Integer> cur = Set.of(i);
                for (Expr item : seq.items()) {
                    Set<Integer> next = new HashSet<>();
                    for (int p : cur) {
                        if (p == OVER) next.add(OVER);
                        else next.addAll(ends(item, p));
                    }
                    cur = next;
                }
                out.addAll(cur);
            }
            case Repeat rep -> {
                // Positions after exactly k repetitions, k = 0..max; OVER propagates.
                Set<Integer> cur = Set.of(i);
                Set<Integer> seenAtOrAfterMin = new HashSet<>();
                int k = 0;
                while (true) {
                    if (k >= rep.min()) {
                        int before = seenAtOrAfterMin.size();
                        seenAtOrAfterMin.addAll(cur);
                        if (rep.max() < 0 && seenAtOrAfterMin.size() == before && k > rep.min()) break;
                    }
                    if (rep.max() >= 0 && k == rep.max()) break;
                    Set<Integer> next = new TreeSet<>();
                    for (int p : cur) {
                        if (p == OVER) next.add(OVER);
                        else next.addAll(ends(rep.body(), p));
                    }
                    if (next.isEmpty()) break;
                    cur = next;
                    k++;
                    if (k > 4 * (n + 2) + rep.min()) break;
                }
                out.addAll(seenAtOrAfterMin);
            }
        }
        return out;
    }

    private void matchClass(CharClass cc, int i, Set<Integer> out) {
        int n = in.length;
        if (i == n) {
            if (classIntersects(cc, 0, 0x10FFFF)) out.add(OVER);
            return;
        }
        int b0 = in[i];
        if (b0 >= 256) return;
        int len = b0 < 0x80 ? 1 : b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
        if (len == 0) return;
        int[] lo = new int[len];
        int[] hi = new int[len];
        lo[0] = hi[0] = b0;
        for (int k = 1; k < len; k++) {
            lo[k] = 0x80;
            hi[k] = 0xBF;
        }
        if (b0 == 0xE0) lo[1] = 0xA0;
        if (b0 == 0xED) hi[1] = 0x9F;
        if (b0 == 0xF0) lo[1] = 0x90;
        if (b0 == 0xF4) hi[1] = 0x8F;
        int avail = Math.min(len, n - i);
        int[] minSeq = lo.clone();
        int[] maxSeq = hi.clone();
        for (int k = 1; k < avail; k++) {
            int b = in[i + k];
            if (b >= 256 || b < lo[k] || b > hi[k]) return;
            minSeq[k] = b;
            maxSeq[k] = b;
        }
        int cpLo = decode(minSeq);
        int cpHi = decode(maxSeq);
        if (avail == len) {
            if (classIntersects(cc, cpLo, cpLo)) out.add(i + len);
        } else if (classIntersects(cc, cpLo, cpHi)) {
            out.add(OVER);
        }
    }

    private static int decode(int[] s) {
        return switch (s.length) {
            case 1 -> s[0];
            case 2 -> ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
            case 3 -> ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            default -> ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        };
    }

    /** Whether some scalar value in [a, b] is in the class; by scanning the boundaries, not the values. */
    private static boolean classIntersects(CharClass cc, int a, int b) {
        // Candidate points: a, b, and every range end +-1 inside [a, b]; membership is constant between them.
        TreeSet<Integer> pts = new TreeSet<>(List.of(a, b, 0xD7FF, 0xE000));
        for (int k = 0; k < cc.lo().length; k++) {
            for (int p : new int[] {cc.lo()[k] - 1, cc.lo()[k], cc.hi()[k], cc.hi()[k] + 1}) if (p >= a && p <= b) pts.add(p);
        }
        Integer prev = null;
        for (int p : pts.subSet(a, true, b, true)) {
            if (member(cc, p)) return true;
            if (prev != null && p - prev > 1 && member(cc, prev + 1)) return true;
            prev = p;
        }
        return false;
    }

    private static boolean member(CharClass cc, int cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) return false;
        boolean in = false;
        for (int k = 0; k < cc.lo().length; k++) in |= cp >= cc.lo()[k] && cp <= cc.hi()[k];
        return in != cc.negated();
    }
}
