package dev.azr4j.model.grammar;

import java.util.List;

/**
 * A GBNF grammar compiled to one byte-level deterministic automaton per rule, independent of any
 * tokenizer (compile it against one with {@link Grammars#compile(Grammar, dev.azr4j.model.tokenizer.Tokenizer, int...)}).
 * Immutable.
 *
 * <p>States of all rules share one numbering. A state has edges on bytes (to a state of the same
 * rule), edges on references to other rules (to the state to continue at after the referenced rule
 * has matched) and edges on named vocabulary tokens; it may be final (the rule may end there).
 * Every state left after compilation can reach a final state, so any prefix that reaches a state
 * extends to a sentence.
 */
public final class Grammar {
    final String source;
    final List<String> ruleNames;
    final List<String> warnings;
    final int root;
    final int[] ruleStart;
    final int[] stateRule;
    final boolean[] isFinal;
    /** The class of each byte value: bytes no state tells apart share a class (a few dozen in practice). */
    final int[] byteClass;
    /** The number of byte classes. */
    final int classes;
    /** {@code trans[state * classes + byteClass[b]]}: the next state of the same rule, or -1. */
    final int[] trans;
    final int[][] refRule;
    final int[][] refTarget;
    final int[][] tokenSymbol;
    final int[][] tokenTarget;
    /** The named tokens, indexed by symbol: text (or null) and id (or -1). */
    final List<GbnfAst.TokenRef> tokens;
    /** Whether a state has an edge on a byte or a named token (it can consume input itself). */
    final boolean[] consumes;
    /** Whether a state has no reference edges and is not final: advancing from it needs no stack work. */
    final boolean[] plain;
    /** Whether a state is final and has no edges at all: a frame there only waits to be popped. */
    final boolean[] pureFinal;
    /** For each rule, the states some reference to it continues at (where a frame can resume after it is popped). */
    final int[][] follow;

    /**
     * {@code table[state * width + byteInterval[b]]}: the next state on byte {@code b}; the columns
     * (byte intervals) are merged here into the classes of bytes no state tells apart.
     */
    Grammar(String source, List<String> ruleNames, List<String> warnings, int root, int[] ruleStart, int[] stateRule,
            boolean[] isFinal, int[] byteInterval, int width, int[] table, int[][] refRule, int[][] refTarget, int[][] tokenSymbol,
            int[][] tokenTarget, List<GbnfAst.TokenRef> tokens) {
        this.source = source;
        this.ruleNames = List.copyOf(ruleNames);
        this.warnings = List.copyOf(warnings);
        this.root = root;
        this.ruleStart = ruleStart;
        this.stateRule = stateRule;
        this.isFinal = isFinal;
        int n0 = stateRule.length;
        // Columns that are equal share a class: group by a hash of the column (computed row by
        // row, for the cache), then check the grouping exactly.
        long[] hashes = new long[width];
        java.util.Arrays.fill(hashes, 1);
        for (int s = 0; s < n0; s++) {
            int row = s * width;
            for (int c = 0; c < width; c++) hashes[c] = hashes[c] * 0x9E3779B97F4A7C15L + table[row + c] + 1;
        }
        int[] columnClass = new int[width];
        java.util.List<Integer> representative = new java.util.ArrayList<>();
        java.util.Map<Long, Integer> byHash = new java.util.HashMap<>();
        for (int c = 0; c < width; c++) {
            Integer k = byHash.get(hashes[c]);
            if (k == null) {
                k = representative.size();
                byHash.put(hashes[c], k);
                representative.add(c);
            }
            columnClass[c] = k;
        }
        int[] rep = representative.stream().mapToInt(Integer::intValue).toArray();
        boolean exact = true;
        for (int s = 0; s < n0 && exact; s++) {
            int row = s * width;
            for (int c = 0; c < width && exact; c++) exact = table[row + c] == table[row + rep[columnClass[c]]];
        }
        if (!exact) { // a hash collision: one class per column
            rep = new int[width];
            for (int c = 0; c < width; c++) {
                rep[c] = c;
                columnClass[c] = c;
            }
        }
        classes = rep.length;
        byteClass = new int[256];
        for (int b = 0; b < 256; b++) byteClass[b] = columnClass[byteInterval[b]];
        trans = new int[n0 * classes];
        for (int s = 0; s < n0; s++) {
            for (int c = 0; c < classes; c++) trans[s * classes + c] = table[s * width + rep[c]];
        }
        this.refRule = refRule;
        this.refTarget = refTarget;
        this.tokenSymbol = tokenSymbol;
        this.tokenTarget = tokenTarget;
        this.tokens = List.copyOf(tokens);
        int n = stateRule.length;
        consumes = new boolean[n];
        plain = new boolean[n];
        pureFinal = new boolean[n];
        for (int s = 0; s < n; s++) {
            boolean bytes = false;
            for (int c = 0; c < classes && !bytes; c++) bytes = trans[s * classes + c] >= 0;
            consumes[s] = bytes || tokenSymbol[s].length > 0;
            plain[s] = refRule[s].length == 0 && !isFinal[s];
            pureFinal[s] = isFinal[s] && !consumes[s] && refRule[s].length == 0;
        }
        java.util.List<java.util.Set<Integer>> fol = new java.util.ArrayList<>();
        for (int r = 0; r < ruleStart.length; r++) fol.add(new java.util.TreeSet<>());
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < refRule[s].length; i++) fol.get(refRule[s][i]).add(refTarget[s][i]);
        }
        follow = new int[ruleStart.length][];
        for (int r = 0; r < ruleStart.length; r++) follow[r] = fol.get(r).stream().mapToInt(Integer::intValue).toArray();
    }

    /** The state after byte {@code b} from {@code state} within its rule, or -1. */
    int next(int state, int b) {
        return trans[state * classes + byteClass[b]];
    }

    /** Parses and compiles GBNF text; {@code sourceName} names it in error messages. */
    public static Grammar parse(String gbnf, String sourceName) throws GrammarException {
        return parse(gbnf, sourceName, GrammarBudget.DEFAULT);
    }

    /** As {@link #parse(String, String)}, refused with a {@link GrammarException} beyond {@code budget}. */
    public static Grammar parse(String gbnf, String sourceName, GrammarBudget budget) throws GrammarException {
        return GrammarCompiler.compile(GbnfParser.parse(gbnf, sourceName), sourceName, budget);
    }

    /** Whether {@code text} (as UTF-8 bytes) is a whole sentence of the grammar. */
    public boolean accepts(String text) {
        Recognizer r = new Recognizer(this);
        ParseState st = r.start();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            st = r.advance(st, b & 0xFF);
            if (st == null) return false;
        }
        return st.accepting();
    }

    /** The file or shipped name the grammar came from. */
    public String source() {
        return source;
    }

    /** The rule names, in order of definition (auxiliary rules are not made: repetitions stay inside their rule). */
    public List<String> ruleNames() {
        return ruleNames;
    }

    /** Warnings found while compiling (e.g. unreachable rules), one line each in the error format. */
    public List<String> warnings() {
        return warnings;
    }

    /** The number of automaton states of all rules together. */
    public int stateCount() {
        return stateRule.length;
    }

    /** The number of automaton states of rule {@code i} (in {@link #ruleNames()} order). */
    public int statesOfRule(int i) {
        int c = 0;
        for (int r : stateRule) if (r == i) c++;
        return c;
    }

    /** The number of named tokens ({@code <...>}) the grammar uses. */
    public int namedTokenCount() {
        return tokens.size();
    }
}
