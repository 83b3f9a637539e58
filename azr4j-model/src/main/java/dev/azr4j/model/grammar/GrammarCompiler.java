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
    private final Budget budget;
    /** NFA states of the rules built before the current one. */
    private int nfaStatesBefore;

    private GrammarCompiler(List<Rule> rules, String source, GrammarBudget budget) {
        this.rules = rules;
        this.source = source;
        this.budget = new Budget(budget, source);
    }

    static Grammar compile(List<Rule> rules, String source) {
        return compile(rules, source, GrammarBudget.DEFAULT);
    }

    static Grammar compile(List<Rule> rules, String source, GrammarBudget budget) {
        return new GrammarCompiler(rules, source, budget).compile();
    }

    /** The budget being spent, shared by the rules determinised in parallel. */
    private static final class Budget {
        final GrammarBudget limits;
        final String source;
        final long deadline;
        final java.util.concurrent.atomic.AtomicLong dfaStates = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong subsetItems = new java.util.concurrent.atomic.AtomicLong();

        Budget(GrammarBudget limits, String source) {
            this.limits = limits;
            this.source = source;
            long t = limits.maxTime().toNanos();
            this.deadline = System.nanoTime() + Math.min(t, Long.MAX_VALUE / 4);
        }

        void checkTime() {
            if (System.nanoTime() - deadline >= 0) {
                throw tooLarge("compiling it took longer than " + limits.maxTime().toMillis() + " ms");
            }
        }

        void dfaState(int items) {
            if (dfaStates.incrementAndGet() > limits.maxDfaStates()) {
                throw tooLarge("more than " + limits.maxDfaStates() + " automaton states after determinising");
            }
            if (subsetItems.addAndGet(items) > limits.maxSubsetItems()) {
                throw tooLarge("its automaton's state sets hold more than " + limits.maxSubsetItems() + " entries");
            }
        }

        GrammarException tooLarge(String why) {
            return new GrammarException(source, 1, 1, null, "the grammar is too large to compile: " + why);
        }
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
            nfaStatesBefore += nfa.size();
        }
        List<String> warnings = new ArrayList<>();
        BitSet reachable = reachableRules(nfas, root);
        // Bytes between two consecutive ends of byte ranges behave alike in every rule: the
        // automata's rows have one column per such interval, not 256 (a fraction of the memory).
        boolean[] cut = new boolean[257];
        cut[0] = true;
        for (RuleNfa nfa : nfas) {
            for (List<int[]> es : nfa.edges) {
                for (int[] e : es) {
                    if (e[0] == RuleNfa.BYTES) {
                        cut[e[1]] = true;
                        cut[e[2] + 1] = true;
                    }
                }
            }
        }
        int[] byteInterval = new int[256];
        int width = 0;
        for (int b = 0; b < 256; b++) {
            if (cut[b]) width++;
            byteInterval[b] = width - 1;
        }
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
        // Rules are determinised independently (in parallel), then numbered in rule order.
        RuleNfa[] ruleNfas = nfas.toArray(new RuleNfa[0]);
        nfas.clear();
        int columns = width;
        Subsets[] dfas = java.util.stream.IntStream.range(0, n).parallel().mapToObj(r -> {
            Subsets d = determinise(ruleNfas[r], byteInterval, columns, budget);
            ruleNfas[r] = null; // garbage now: the collector need not copy it while the other rules are built
            return d;
        }).toArray(Subsets[]::new);
        for (int r = 0; r < n; r++) {
            int base = owners.size();
            ruleStart[r] = base;
            Subsets d = dfas[r];
            for (int id = 0; id < d.sets.size(); id++) {
                int[] row = d.rows.get(id);
                for (int c = 0; c < width; c++) if (row[c] >= 0) row[c] += base;
                int[][] refRow = d.refs.get(id);
                int[][] tokRow = d.toks.get(id);
                for (int i = 0; i < refRow[1].length; i++) refRow[1][i] += base;
                for (int i = 0; i < tokRow[1].length; i++) tokRow[1][i] += base;
                byteRows.add(row);
                refRules.add(refRow[0]);
                refTargets.add(refRow[1]);
                tokSyms.add(tokRow[0]);
                tokTargets.add(tokRow[1]);
                finals.add(d.fin.get(id));
                owners.add(r);
            }
            dfas[r] = null;
        }
        int states = owners.size();
        int[] byteTrans = new int[states * width];
        for (int s = 0; s < states; s++) System.arraycopy(byteRows.get(s), 0, byteTrans, s * width, width);
        byteRows.clear();
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

        budget.checkTime();
        boolean[] productive = productiveStates(ruleStart, isFinal, byteTrans, width, refRule, refTarget, tokenTarget, budget);
        reportEmptyRule(reachable, productive, ruleStart, refRule, stateRule);
        trim(productive, ruleStart, byteTrans, width, refRule, refTarget, tokenSymbol, tokenTarget);
        checkLeftRecursion(ruleStart, isFinal, refRule, refTarget, reachable);
        List<String> names = new ArrayList<>(index.keySet());
        return new Grammar(source, names, warnings, root, ruleStart, stateRule, isFinal, byteInterval, width, byteTrans,
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
        // repetitions unroll multiplicatively: checked before each piece is added
        if (nfaStatesBefore + nfa.size() > budget.limits.maxNfaStates()) {
            throw budget.tooLarge("more than " + budget.limits.maxNfaStates() + " automaton states (nested repetitions unroll)");
        }
        budget.checkTime();
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

    /**
     * Subset construction for one rule. Byte edges are grouped into the intervals their range ends
     * cut 0..255 into (a class like {@code [^"]} is one or two intervals, not 255 bytes), closures
     * use stamped scratch arrays, and sets are keyed by their sorted contents: a program grammar
     * has tens of thousands of states, so this is most of the compile time.
     */
    /** The rule's DFA, its states numbered from 0 in the order they were found (the start state first). */
    private static Subsets determinise(RuleNfa nfa, int[] byteInterval, int width, Budget budget) {
        Subsets sub = new Subsets(nfa, budget);
        sub.intern(sub.closure(new int[] {nfa.start}, 1));
        int[] cuts = new int[16];
        int[] seeds = new int[16];
        // The rows are filled in id order, so process ids in order.
        for (int id = 0; id < sub.sets.size(); id++) {
            budget.checkTime();
            int[] set = sub.sets.get(id);
            TreeMap<Integer, IntList> byRef = new TreeMap<>();
            TreeMap<Integer, IntList> byTok = new TreeMap<>();
            boolean isFinal = false;
            int nc = 0;
            for (int s : set) {
                if (s == nfa.accept) isFinal = true;
                for (int[] e : nfa.edges.get(s)) {
                    switch (e[0]) {
                        case RuleNfa.BYTES -> {
                            if (nc + 2 > cuts.length) cuts = Arrays.copyOf(cuts, cuts.length * 2);
                            cuts[nc++] = e[1];
                            cuts[nc++] = e[2] + 1;
                        }
                        case RuleNfa.REF -> byRef.computeIfAbsent(e[1], k -> new IntList()).add(e[3]);
                        case RuleNfa.TOKEN -> byTok.computeIfAbsent(e[1], k -> new IntList()).add(e[3]);
                        default -> { }
                    }
                }
            }
            int[] row = new int[width];
            Arrays.fill(row, -1);
            Arrays.sort(cuts, 0, nc);
            int distinct = 0;
            for (int c = 0; c < nc; c++) if (distinct == 0 || cuts[distinct - 1] != cuts[c]) cuts[distinct++] = cuts[c];
            Map<Key, Integer> memo = new HashMap<>();
            for (int c = 0; c < distinct && cuts[c] < 256; c++) {
                int lo = cuts[c];
                int hi = c + 1 < distinct ? cuts[c + 1] : 256; // every byte of [lo, hi) has the same edges
                int n = 0;
                for (int s : set) {
                    for (int[] e : nfa.edges.get(s)) {
                        if (e[0] == RuleNfa.BYTES && e[1] <= lo && lo <= e[2]) {
                            if (n == seeds.length) seeds = Arrays.copyOf(seeds, n * 2);
                            seeds[n++] = e[3];
                        }
                    }
                }
                if (n == 0) continue;
                Arrays.sort(seeds, 0, n);
                Key k = new Key(Arrays.copyOf(seeds, n));
                Integer target = memo.get(k);
                if (target == null) {
                    target = sub.intern(sub.closure(seeds, n));
                    memo.put(k, target);
                }
                Arrays.fill(row, byteInterval[lo], byteInterval[hi - 1] + 1, target);
            }
            int[][] refRow = sub.edgeRow(byRef);
            int[][] tokRow = sub.edgeRow(byTok);
            sub.rows.add(row);
            sub.refs.add(refRow);
            sub.toks.add(tokRow);
            sub.fin.add(isFinal);
        }
        sub.dropScratch();
        return sub;
    }

    /** A sorted set of NFA states as a hash key. */
    private record Key(int[] states) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(states, k.states);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(states);
        }
    }

    /** The DFA states (sets of NFA states) of one rule under construction, with closure scratch space. */
    private static final class Subsets {
        final RuleNfa nfa;
        final Budget budget;
        final Map<Key, Integer> ids = new HashMap<>();
        final List<int[]> sets = new ArrayList<>();
        final List<int[]> rows = new ArrayList<>();
        final List<int[][]> refs = new ArrayList<>();
        final List<int[][]> toks = new ArrayList<>();
        final List<Boolean> fin = new ArrayList<>();
        int[] stamp;
        int generation;
        int[] stack;
        int[] out;

        Subsets(RuleNfa nfa, Budget budget) {
            this.nfa = nfa;
            this.budget = budget;
            stamp = new int[nfa.size()];
            stack = new int[Math.max(16, nfa.size())];
            out = new int[Math.max(16, nfa.size())];
        }

        /** Frees what only the construction needs, keeping the rows. */
        void dropScratch() {
            stamp = stack = out = null;
            ids.clear();
            sets.replaceAll(set -> null);
        }

        /** The epsilon closure of {@code seeds[0..n)}, sorted. */
        int[] closure(int[] seeds, int n) {
            int gen = ++generation;
            int sp = 0;
            int k = 0;
            for (int i = 0; i < n; i++) {
                int s = seeds[i];
                if (stamp[s] != gen) {
                    stamp[s] = gen;
                    stack[sp++] = s;
                    out[k++] = s;
                }
            }
            while (sp > 0) {
                int s = stack[--sp];
                for (int[] e : nfa.edges.get(s)) {
                    if (e[0] == RuleNfa.EPS && stamp[e[3]] != gen) {
                        stamp[e[3]] = gen;
                        stack[sp++] = e[3];
                        out[k++] = e[3];
                    }
                }
            }
            int[] r = Arrays.copyOf(out, k);
            Arrays.sort(r);
            return r;
        }

        /** The id of the DFA state {@code set}, a new one when first met. */
        int intern(int[] set) {
            Key k = new Key(set);
            Integer id = ids.get(k);
            if (id == null) {
                budget.dfaState(set.length);
                id = sets.size();
                ids.put(k, id);
                sets.add(set);
            }
            return id;
        }

        /** Reference or token edges: {labels, target ids}, in label order. */
        int[][] edgeRow(TreeMap<Integer, IntList> byLabel) {
            int[][] row = new int[2][byLabel.size()];
            int i = 0;
            for (var en : byLabel.entrySet()) {
                int[] t = en.getValue().toArray();
                row[0][i] = en.getKey();
                row[1][i++] = intern(closure(t, t.length));
            }
            return row;
        }
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
    private static boolean[] productiveStates(int[] ruleStart, boolean[] isFinal, int[] byteTrans, int width, int[][] refRule,
                                             int[][] refTarget, int[][] tokenTarget, Budget budget) {
        int n = isFinal.length;
        boolean[] prod = isFinal.clone();
        int[][] succ = new int[n][];
        int[] stamp = new int[n];
        Arrays.fill(stamp, -1);
        IntList targets = new IntList();
        for (int s = 0; s < n; s++) {
            targets.clear();
            for (int c = 0; c < width; c++) {
                int t = byteTrans[s * width + c];
                if (t >= 0 && stamp[t] != s) {
                    stamp[t] = s;
                    targets.add(t);
                }
            }
            for (int t : tokenTarget[s]) targets.add(t);
            succ[s] = targets.toArray();
        }
        boolean changed = true;
        while (changed) {
            budget.checkTime();
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
    private static void trim(boolean[] prod, int[] ruleStart, int[] byteTrans, int width, int[][] refRule, int[][] refTarget,
                             int[][] tokenSymbol, int[][] tokenTarget) {
        int n = prod.length;
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < width; c++) {
                int t = byteTrans[s * width + c];
                if (t >= 0 && !prod[t]) byteTrans[s * width + c] = -1;
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
            budget.checkTime();
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
            budget.checkTime();
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
            budget.checkTime();
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
