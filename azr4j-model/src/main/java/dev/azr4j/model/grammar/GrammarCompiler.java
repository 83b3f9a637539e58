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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rules to automata: each rule body becomes a Thompson automaton (repetitions unrolled, character
 * classes as UTF-8 byte ranges), determinised per rule; then states that cannot reach a final
 * state are cut, and the grammar is checked for undefined rules, rules with an empty language and
 * left recursion (which a top-down recogniser cannot run, and llama.cpp refuses too).
 */
final class GrammarCompiler {
    private final String source;
    private final List<Rule> rules;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<TokenRef> tokens = new ArrayList<>();
    private final Map<String, Integer> tokenIndex = new HashMap<>();
    private String currentRule;

    private GrammarCompiler(List<Rule> rules, String source) {
        this.rules = rules;
        this.source = source;
    }

    static Grammar compile(List<Rule> rules, String source) {
        return new GrammarCompiler(rules, source).compile();
    }

    private Grammar compile() {
        for (Rule r : rules) {
            if (index.putIfAbsent(r.name(), index.size()) != null) {
                throw error(r.pos(), r.name(), "defined twice (first at line " + rules.get(index.get(r.name())).pos().line() + ")");
            }
        }
        Integer root = index.get("root");
        if (root == null) throw new GrammarException(source, 1, 1, null, "no 'root' rule (the start rule must be called root)");
        int n = rules.size();
        List<RuleNfa> nfas = new ArrayList<>();
        for (Rule r : rules) {
            currentRule = r.name();
            RuleNfa nfa = new RuleNfa();
            nfa.accept = build(nfa, r.body(), nfa.start);
            nfas.add(nfa);
        }
        List<String> warnings = new ArrayList<>();
        BitSet reachable = reachableRules(nfas, root);
        for (int r = 0; r < n; r++) {
            if (!reachable.get(r)) warnings.add(warning(rules.get(r), "unreachable from root"));
        }

        // Determinise each rule; states get global ids.
        List<int[]> byteRows = new ArrayList<>();
        List<int[]> refRules = new ArrayList<>();
        List<int[]> refTargets = new ArrayList<>();
        List<int[]> tokSyms = new ArrayList<>();
        List<int[]> tokTargets = new ArrayList<>();
        List<Boolean> finals = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        int[] ruleStart = new int[n];
        for (int r = 0; r < n; r++) {
            ruleStart[r] = owners.size();
            determinise(nfas.get(r), r, byteRows, refRules, refTargets, tokSyms, tokTargets, finals, owners);
        }
        int states = owners.size();
        int[] byteTrans = new int[states * 256];
        for (int s = 0; s < states; s++) System.arraycopy(byteRows.get(s), 0, byteTrans, s * 256, 256);
        int[][] refRule = refRules.toArray(new int[0][]);
        int[][] refTarget = refTargets.toArray(new int[0][]);
        int[][] tokenSymbol = tokSyms.toArray(new int[0][]);
        int[][] tokenTarget = tokTargets.toArray(new int[0][]);
        boolean[] isFinal = new boolean[states];
        int[] stateRule = new int[states];
        for (int s = 0; s < states; s++) {
            isFinal[s] = finals.get(s);
            stateRule[s] = owners.get(s);
        }

        boolean[] productive = productiveStates(ruleStart, isFinal, byteTrans, refRule, refTarget, tokenTarget);
        reportEmptyRule(reachable, productive, ruleStart, refRule, stateRule);
        trim(productive, ruleStart, byteTrans, refRule, refTarget, tokenSymbol, tokenTarget);
        checkLeftRecursion(ruleStart, isFinal, refRule, refTarget, reachable);
        List<String> names = new ArrayList<>(index.keySet());
        return new Grammar(source, names, warnings, root, ruleStart, stateRule, isFinal, byteTrans,
                refRule, refTarget, tokenSymbol, tokenTarget, tokens);
    }

    /** Refuses a reachable rule with an empty language; names one that is empty by itself rather than through another. */
    private void reportEmptyRule(BitSet reachable, boolean[] productive, int[] ruleStart, int[][] refRule, int[] stateRule) {
        int first = -1;
        for (int r = 0; r < ruleStart.length; r++) {
            if (!reachable.get(r) || productive[ruleStart[r]]) continue;
            if (first < 0) first = r;
            boolean throughOther = false;
            for (int s = 0; s < stateRule.length && !throughOther; s++) {
                if (stateRule[s] != r) continue;
                for (int callee : refRule[s]) throughOther |= callee != r && !productive[ruleStart[callee]];
            }
            if (!throughOther) {
                first = r;
                break;
            }
        }
        if (first >= 0) {
            throw error(rules.get(first).pos(), rules.get(first).name(),
                    "empty language: the rule matches no string (every alternative needs itself or an empty class)");
        }
    }

    /** Adds {@code e} to {@code nfa} starting at {@code from}; returns the state where it ends. */
    private int build(RuleNfa nfa, Expr e, int from) {
        return switch (e) {
            case Literal lit -> {
                int cur = from;
                for (byte b : lit.utf8()) {
                    int next = nfa.newState();
                    nfa.bytes(cur, b & 0xff, b & 0xff, next);
                    cur = next;
                }
                yield cur;
            }
            case CharClass cc -> {
                int end = nfa.newState();
                for (int[] range : Utf8Ranges.normalize(cc.lo(), cc.hi(), cc.negated())) {
                    for (int[] seq : Utf8Ranges.sequences(range[0], range[1])) {
                        int cur = from;
                        for (int k = 0; k < seq.length; k += 2) {
                            int next = k + 2 == seq.length ? end : nfa.newState();
                            nfa.bytes(cur, seq[k], seq[k + 1], next);
                            cur = next;
                        }
                    }
                }
                yield end;
            }
            case Seq seq -> {
                int cur = from;
                for (Expr item : seq.items()) cur = build(nfa, item, cur);
                yield cur;
            }
            case Alt alt -> {
                int end = nfa.newState();
                for (Expr option : alt.options()) {
                    int s = nfa.newState();
                    nfa.eps(from, s);
                    nfa.eps(build(nfa, option, s), end);
                }
                yield end;
            }
            case RuleRef ref -> {
                Integer target = index.get(ref.name());
                if (target == null) throw error(ref.pos(), currentRule, "undefined rule '" + ref.name() + "'");
                int end = nfa.newState();
                nfa.ref(from, target, end);
                yield end;
            }
            case TokenRef tok -> {
                String key = tok.text() != null ? tok.text() : "#" + tok.id();
                int sym = tokenIndex.computeIfAbsent(key, k -> {
                    tokens.add(tok);
                    return tokens.size() - 1;
                });
                int end = nfa.newState();
                nfa.token(from, sym, end);
                yield end;
            }
            case Repeat rep -> {
                int cur = from;
                for (int i = 0; i < rep.min(); i++) cur = build(nfa, rep.body(), cur);
                if (rep.max() < 0) {
                    int loop = nfa.newState();
                    nfa.eps(cur, loop);
                    nfa.eps(build(nfa, rep.body(), loop), loop);
                    yield loop;
                }
                int end = nfa.newState();
                for (int i = rep.min(); i < rep.max(); i++) {
                    nfa.eps(cur, end);
                    cur = build(nfa, rep.body(), cur);
                }
                nfa.eps(cur, end);
                yield end;
            }
        };
    }

    private static void determinise(RuleNfa nfa, int rule, List<int[]> byteRows, List<int[]> refRules, List<int[]> refTargets,
                                    List<int[]> tokSyms, List<int[]> tokTargets, List<Boolean> finals, List<Integer> owners) {
        int base = owners.size();
        Map<List<Integer>, Integer> ids = new HashMap<>();
        List<int[]> sets = new ArrayList<>();
        int[] startSet = closure(nfa, new int[] {nfa.start});
        ids.put(key(startSet), 0);
        sets.add(startSet);
        List<int[]> rows = new ArrayList<>();
        List<int[][]> refs = new ArrayList<>();
        List<int[][]> toks = new ArrayList<>();
        List<Boolean> fin = new ArrayList<>();
        // The rows are filled in id order, so process ids in order.
        for (int id = 0; id < sets.size(); id++) {
            int[] set = sets.get(id);
            @SuppressWarnings("unchecked")
            List<Integer>[] byByte = new List[256];
            TreeMap<Integer, List<Integer>> byRef = new TreeMap<>();
            TreeMap<Integer, List<Integer>> byTok = new TreeMap<>();
            boolean isFinal = false;
            for (int s : set) {
                if (s == nfa.accept) isFinal = true;
                for (int[] e : nfa.edges.get(s)) {
                    switch (e[0]) {
                        case RuleNfa.BYTES -> {
                            for (int b = e[1]; b <= e[2]; b++) {
                                if (byByte[b] == null) byByte[b] = new ArrayList<>();
                                byByte[b].add(e[3]);
                            }
                        }
                        case RuleNfa.REF -> byRef.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e[3]);
                        case RuleNfa.TOKEN -> byTok.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e[3]);
                        default -> { }
                    }
                }
            }
            int[] row = new int[256];
            Map<List<Integer>, Integer> memo = new HashMap<>();
            for (int b = 0; b < 256; b++) {
                if (byByte[b] == null) {
                    row[b] = -1;
                    continue;
                }
                row[b] = memo.computeIfAbsent(byByte[b], t -> intern(closure(nfa, t.stream().mapToInt(Integer::intValue).toArray()), ids, sets)) + base;
            }
            int[][] refRow = new int[2][byRef.size()];
            int i = 0;
            for (var en : byRef.entrySet()) {
                refRow[0][i] = en.getKey();
                refRow[1][i++] = intern(closure(nfa, en.getValue().stream().mapToInt(Integer::intValue).toArray()), ids, sets) + base;
            }
            int[][] tokRow = new int[2][byTok.size()];
            i = 0;
            for (var en : byTok.entrySet()) {
                tokRow[0][i] = en.getKey();
                tokRow[1][i++] = intern(closure(nfa, en.getValue().stream().mapToInt(Integer::intValue).toArray()), ids, sets) + base;
            }
            rows.add(row);
            refs.add(refRow);
            toks.add(tokRow);
            fin.add(isFinal);
        }
        for (int id = 0; id < sets.size(); id++) {
            byteRows.add(rows.get(id));
            refRules.add(refs.get(id)[0]);
            refTargets.add(refs.get(id)[1]);
            tokSyms.add(toks.get(id)[0]);
            tokTargets.add(toks.get(id)[1]);
            finals.add(fin.get(id));
            owners.add(rule);
        }
    }

    private static int intern(int[] set, Map<List<Integer>, Integer> ids, List<int[]> sets) {
        List<Integer> k = key(set);
        Integer id = ids.get(k);
        if (id == null) {
            id = sets.size();
            ids.put(k, id);
            sets.add(set);
        }
        return id;
    }

    private static List<Integer> key(int[] set) {
        return Arrays.stream(set).boxed().toList();
    }

    /** The epsilon closure of {@code seeds}, sorted. */
    private static int[] closure(RuleNfa nfa, int[] seeds) {
        BitSet seen = new BitSet(nfa.size());
        Deque<Integer> stack = new ArrayDeque<>();
        for (int s : seeds) {
            if (!seen.get(s)) {
                seen.set(s);
                stack.push(s);
            }
        }
        while (!stack.isEmpty()) {
            int s = stack.pop();
            for (int[] e : nfa.edges.get(s)) {
                if (e[0] == RuleNfa.EPS && !seen.get(e[3])) {
                    seen.set(e[3]);
                    stack.push(e[3]);
                }
            }
        }
        return seen.stream().toArray();
    }

    private static BitSet reachableRules(List<RuleNfa> nfas, int root) {
        BitSet seen = new BitSet();
        Deque<Integer> work = new ArrayDeque<>();
        seen.set(root);
        work.push(root);
        while (!work.isEmpty()) {
            int r = work.pop();
            for (List<int[]> es : nfas.get(r).edges) {
                for (int[] e : es) {
                    if (e[0] == RuleNfa.REF && !seen.get(e[1])) {
                        seen.set(e[1]);
                        work.push(e[1]);
                    }
                }
            }
        }
        return seen;
    }

    /** States from which some string leads to a final state (a least fixed point over rules and states). */
    private static boolean[] productiveStates(int[] ruleStart, boolean[] isFinal, int[] byteTrans, int[][] refRule,
                                             int[][] refTarget, int[][] tokenTarget) {
        int n = isFinal.length;
        boolean[] prod = isFinal.clone();
        int[][] succ = new int[n][];
        for (int s = 0; s < n; s++) {
            java.util.BitSet targets = new java.util.BitSet();
            for (int b = 0; b < 256; b++) if (byteTrans[s * 256 + b] >= 0) targets.set(byteTrans[s * 256 + b]);
            for (int t : tokenTarget[s]) targets.set(t);
            succ[s] = targets.stream().toArray();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int s = n - 1; s >= 0; s--) { // states are numbered from their rule's start: backwards converges fast
                if (prod[s]) continue;
                boolean p = false;
                for (int t : succ[s]) if (prod[t]) p = true;
                for (int i = 0; i < refRule[s].length && !p; i++) p = prod[ruleStart[refRule[s][i]]] && prod[refTarget[s][i]];
                if (p) {
                    prod[s] = true;
                    changed = true;
                }
            }
        }
        return prod;
    }

    /** Removes every edge into a state that cannot reach a final state, or over a rule with an empty language. */
    private static void trim(boolean[] prod, int[] ruleStart, int[] byteTrans, int[][] refRule, int[][] refTarget,
                             int[][] tokenSymbol, int[][] tokenTarget) {
        int n = prod.length;
        for (int s = 0; s < n; s++) {
            for (int b = 0; b < 256; b++) {
                int t = byteTrans[s * 256 + b];
                if (t >= 0 && !prod[t]) byteTrans[s * 256 + b] = -1;
            }
            int keep = 0;
            for (int i = 0; i < refRule[s].length; i++) if (prod[ruleStart[refRule[s][i]]] && prod[refTarget[s][i]]) keep++;
            if (keep < refRule[s].length) {
                int[] rr = new int[keep];
                int[] rt = new int[keep];
                int k = 0;
                for (int i = 0; i < refRule[s].length; i++) {
                    if (prod[ruleStart[refRule[s][i]]] && prod[refTarget[s][i]]) {
                        rr[k] = refRule[s][i];
                        rt[k++] = refTarget[s][i];
                    }
                }
                refRule[s] = rr;
                refTarget[s] = rt;
            }
            keep = 0;
            for (int t : tokenTarget[s]) if (prod[t]) keep++;
            if (keep < tokenTarget[s].length) {
                int[] ts = new int[keep];
                int[] tt = new int[keep];
                int k = 0;
                for (int i = 0; i < tokenTarget[s].length; i++) {
                    if (prod[tokenTarget[s][i]]) {
                        ts[k] = tokenSymbol[s][i];
                        tt[k++] = tokenTarget[s][i];
                    }
                }
                tokenSymbol[s] = ts;
                tokenTarget[s] = tt;
            }
        }
    }

    /** Refuses a rule that can reach a reference to itself without consuming input. */
    private void checkLeftRecursion(int[] ruleStart, boolean[] isFinal, int[][] refRule, int[][] refTarget, BitSet reachable) {
        int n = isFinal.length;
        int rulesN = ruleStart.length;
        // nullable[s]: the empty string leads from state s to a final state (through nullable rules).
        boolean[] nullable = isFinal.clone();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int s = 0; s < n; s++) {
                if (nullable[s]) continue;
                for (int i = 0; i < refRule[s].length; i++) {
                    if (nullable[ruleStart[refRule[s][i]]] && nullable[refTarget[s][i]]) {
                        nullable[s] = true;
                        changed = true;
                        break;
                    }
                }
            }
        }
        // leftCorner[r]: the rules r can call before consuming anything.
        List<BitSet> leftCorner = new ArrayList<>();
        for (int r = 0; r < rulesN; r++) {
            BitSet calls = new BitSet();
            BitSet seen = new BitSet();
            Deque<Integer> work = new ArrayDeque<>();
            work.push(ruleStart[r]);
            seen.set(ruleStart[r]);
            while (!work.isEmpty()) {
                int s = work.pop();
                for (int i = 0; i < refRule[s].length; i++) {
                    calls.set(refRule[s][i]);
                    int t = refTarget[s][i];
                    if (nullable[ruleStart[refRule[s][i]]] && !seen.get(t)) {
                        seen.set(t);
                        work.push(t);
                    }
                }
            }
            leftCorner.add(calls);
        }
        for (int r = 0; r < rulesN; r++) {
            if (!reachable.get(r)) continue;
            // Breadth-first from r's left corner back to r, keeping the path for the message.
            int[] via = new int[rulesN];
            Arrays.fill(via, -2);
            Deque<Integer> work = new ArrayDeque<>();
            for (int c = leftCorner.get(r).nextSetBit(0); c >= 0; c = leftCorner.get(r).nextSetBit(c + 1)) {
                via[c] = -1;
                work.add(c);
            }
            while (!work.isEmpty()) {
                int c = work.poll();
                if (c == r) {
                    List<String> path = new ArrayList<>();
                    for (int x = r; ; x = via[x]) {
                        path.addFirst(rules.get(x).name());
                        if (via[x] == -1) break;
                    }
                    path.addFirst(rules.get(r).name());
                    throw error(rules.get(r).pos(), rules.get(r).name(), "left recursion (" + String.join(" -> ", path)
                            + "): rewrite it with repetition, e.g. 'a ::= b (op b)*'");
                }
                BitSet next = leftCorner.get(c);
                for (int d = next.nextSetBit(0); d >= 0; d = next.nextSetBit(d + 1)) {
                    if (via[d] == -2) {
                        via[d] = c;
                        work.add(d);
                    }
                }
            }
        }
    }

    private String warning(Rule r, String problem) {
        return source + ":" + r.pos().line() + ":" + r.pos().column() + ": rule '" + r.name() + "': warning: " + problem;
    }

    private GrammarException error(GbnfAst.Pos pos, String rule, String problem) {
        return new GrammarException(source, pos.line(), pos.column(), rule, problem);
    }
}
