package dev.azr4j.model.grammar;

import dev.azr4j.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Grammar} bound to a vocabulary. The mask of a parse state is the union, over the top
 * frames of its stacks, of what each top state allows context-independently (computed once per
 * state by one walk of the vocabulary trie, then cached), plus an exact walk, with the real stack,
 * of the few tokens that pop the top frame part-way (kept per state as a small trie).
 */
final class CompiledTokenGrammar implements TokenGrammar {
    final Grammar grammar;
    final Recognizer rec;
    final Vocabulary vocab;
    final int words;
    final int[] symbolToken;
    final int[] endIds;
    private final Map<Integer, int[]> symbolsOfToken = new HashMap<>();
    /**
     * Bytes the context-free walk follows past a pop into the unknown context (over every state
     * that can follow the popped rule) before leaving a subtree to the exact walk: each byte refuses
     * the tokens no context could take, so the uncertain sets stay small.
     */
    static final int LOOK_AHEAD = 3;
    /** Marks the bottom of the stack where a parent state is expected. */
    static final int BOTTOM = -1;
    private final ConcurrentHashMap<Long, StateMasks> masks = new ConcurrentHashMap<>();

    CompiledTokenGrammar(Grammar grammar, Tokenizer tok, int[] endIds) {
        this.grammar = grammar;
        this.rec = new Recognizer(grammar);
        this.vocab = Vocabulary.of(tok);
        this.words = (vocab.size + 63) >>> 6;
        this.endIds = endIds.clone();
        this.symbolToken = new int[grammar.tokens.size()];
        for (int sym = 0; sym < symbolToken.length; sym++) {
            GbnfAst.TokenRef ref = grammar.tokens.get(sym);
            int id;
            if (ref.text() == null) {
                id = ref.id();
                if (id >= vocab.size) {
                    throw new GrammarException(grammar.source, ref.pos().line(), ref.pos().column(), null,
                            "token id " + id + " is outside the vocabulary (" + vocab.size + " ids)");
                }
            } else {
                id = tok.tokenId(ref.text()).orElseThrow(() -> new GrammarException(grammar.source, ref.pos().line(),
                        ref.pos().column(), null, "the tokenizer has no token " + ref.text()));
            }
            symbolToken[sym] = id;
            int[] old = symbolsOfToken.getOrDefault(id, new int[0]);
            int[] now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = sym;
            symbolsOfToken.put(id, now);
        }
        for (int id : endIds) {
            if (id < 0 || id >= vocab.size) throw new IllegalArgumentException("end token " + id + " outside the vocabulary");
        }
    }

    @Override
    public int vocabSize() {
        return vocab.size;
    }

    @Override
    public GrammarMatcher newMatcher() {
        return new TokenMatcher(this, rec.start());
    }

    /**
     * Computes now, rather than at first use, the masks of the (top, parent) state pairs that
     * {@code walks} random walks of up to {@code maxTokens} tokens meet; returns how many are cached.
     */
    int warmUp(int walks, int maxTokens, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        long[] mask = new long[words];
        int[] allowed = new int[vocab.size];
        for (int w = 0; w < walks; w++) {
            GrammarMatcher m = newMatcher();
            for (int step = 0; step < maxTokens && !m.isTerminated(); step++) {
                m.fillNextTokenMask(mask);
                int k = 0;
                for (int i = 0; i < words; i++) {
                    for (long bits = mask[i]; bits != 0; bits &= bits - 1) allowed[k++] = (i << 6) + Long.numberOfTrailingZeros(bits);
                }
                if (k == 0 || !m.accept(allowed[rnd.nextInt(k)])) break;
            }
        }
        return masks.size();
    }

    /** The number of cached (top, parent) masks. */
    int cachedMasks() {
        return masks.size();
    }

    boolean isEnd(int token) {
        for (int e : endIds) if (e == token) return true;
        return false;
    }

    /** The state after {@code token} (bytes or a named token), or null when it is not allowed. End tokens are the matcher's business. */
    ParseState next(ParseState st, int token) {
        if (token < 0 || token >= vocab.size) return null;
        ParseState r = null;
        if (vocab.inTrie[token]) {
            r = st;
            for (byte b : vocab.bytes[token]) {
                r = rec.advance(r, b & 0xff);
                if (r == null) break;
            }
        }
        int[] syms = symbolsOfToken.get(token);
        if (syms != null) for (int sym : syms) r = rec.union(r, rec.advanceSymbol(st, sym));
        return r;
    }

    void fillMask(ParseState st, long[] mask) {
        Frame[] active = st.active();
        for (int i = 0; i < active.length; i++) {
            int s = active[i].state;
            int p = parentState(active[i]);
            boolean dup = false;
            for (int j = 0; j < i && !dup; j++) dup = active[j].state == s && parentState(active[j]) == p;
            if (dup) continue;
            masksOf(s, p).orInto(mask);
        }
        for (Frame f : active) {
            TokenTrie unc = masksOf(f.state, parentState(f)).uncertain();
            if (unc != null) new ExactWalk(unc, mask).fromFrame(f);
            int[] syms = grammar.tokenSymbol[f.state];
            for (int sym : syms) set(mask, symbolToken[sym]);
        }
        if (st.accepting()) for (int e : endIds) set(mask, e);
    }

    static void set(long[] mask, int id) {
        mask[id >>> 6] |= 1L << id;
    }

    /** The masks of a top frame at {@code state} over a frame at {@code parentState} (or {@link #BOTTOM}), computed at first use. */
    StateMasks masksOf(int state, int parentState) {
        // (state, parent) packed, then mixed by an invertible multiply: Long's own hash of the packed
        // pair (state ^ parent) collides for most pairs of small numbers
        long key = (((long) state << 32) | (parentState + 1L)) * 0x9E3779B97F4A7C15L;
        StateMasks m = masks.get(key);
        if (m == null) {
            m = new ContextFreeWalk().run(state, parentState);
            StateMasks raced = masks.putIfAbsent(key, m);
            if (raced != null) m = raced;
        }
        return m;
    }

    private static int parentState(Frame f) {
        return f.parent == null ? BOTTOM : f.parent.state;
    }

    /**
     * The walk of the whole trie from a top state {@code state} over a frame at {@code parentState}
     * (or the bottom of the stack, {@link #BOTTOM}) with {@link Frame#CONTEXT} below: tokens that
     * a stack of exact frames takes are accepted, tokens that only over-approximate frames take
     * (after popping into the unknown context) are uncertain, and the rest are refused.
     */
    private final class ContextFreeWalk {
        final TokenTrie t = vocab.trie;
        /** Accepted ids while few (each trie node is visited at most once, so no duplicates); the bit set once many. */
        final IntList acceptedIds = new IntList();
        long[] accepted;
        final IntList uncertain = new IntList();

        StateMasks run(int state, int parentState) {
            Grammar g = grammar;
            Frame parent = parentState == BOTTOM ? null : new Frame(parentState, Frame.CONTEXT);
            for (int c = 1; c < t.size(); c = t.end[c]) {
                int next = g.next(state, (t.label[c] & 0xff));
                if (next < 0) continue;
                if (t.end[c] == c + 1) mark(c, true); // a leaf: what follows the byte does not matter
                else enter(c, new Frame(next, parent));
            }
            TokenTrie unc = uncertain.size() == 0 ? null : TokenTrie.buildSorted(uncertain.toArray(), vocab.bytes, vocab.size);
            if (accepted != null) return new StateMasks(accepted, null, unc);
            return new StateMasks(null, acceptedIds.toArray(), unc);
        }

        void enter(int node, Frame f) {
            if (grammar.plain[f.state]) plain(node, f.state, f.parent, 0);
            else general(node, rec.close(new Frame[] {f}, 1), !f.approx, 0);
        }

        /**
         * {@code ahead}: bytes taken since only over-approximate frames are left (0 while exact).
         * Past {@link #LOOK_AHEAD} of them the subtree is left to the exact walk at mask time.
         */
        void plain(int node, int state, Frame parent, int ahead) {
            boolean exact = parent == null || (parent != Frame.APPROX && !parent.approx);
            if (!exact && ahead >= LOOK_AHEAD) {
                uncertainSubtree(node);
                return;
            }
            mark(node, exact);
            int[] trans = grammar.trans;
            int base = state * grammar.classes;
            int[] cls = grammar.byteClass;
            int nextAhead = exact ? 0 : ahead + 1;
            for (int d = node + 1, end = t.end[node]; d < end; d = t.end[d]) {
                int next = trans[base + cls[t.label[d] & 0xff]];
                if (next >= 0) {
                    if (grammar.plain[next]) plain(d, next, parent, nextAhead);
                    else if (t.end[d] == d + 1) mark(d, exact); // a leaf: no closure needed to know it is taken
                    else general(d, rec.close(new Frame[] {new Frame(next, parent)}, 1), exact, nextAhead);
                }
            }
        }

        /** {@code exact}: whether an exact frame took the byte into {@code node}. */
        void general(int node, ParseState st, boolean exact, int ahead) {
            Frame[] active = st.active();
            if (active.length == 1 && grammar.plain[active[0].state] && exact == !active[0].approx) {
                plain(node, active[0].state, active[0].parent, ahead);
                return;
            }
            if (!exact && ahead >= LOOK_AHEAD) {
                // Only over-approximate frames got here: the real stack decides, at mask time.
                uncertainSubtree(node);
                return;
            }
            mark(node, exact);
            if (active.length == 0) return;
            Frame[] seeds = new Frame[active.length];
            for (int d = node + 1, end = t.end[node]; d < end; d = t.end[d]) {
                int b = t.label[d] & 0xff;
                int n = 0;
                boolean exactSeed = false;
                for (Frame f : active) {
                    int next = grammar.next(f.state, b);
                    if (next >= 0) {
                        seeds[n++] = new Frame(next, f.parent);
                        exactSeed |= !f.approx;
                    }
                }
                if (n == 0) continue;
                if (t.end[d] == d + 1) mark(d, exactSeed);
                else general(d, rec.close(seeds, n), exactSeed, exactSeed ? 0 : ahead + 1);
            }
        }

        void uncertainSubtree(int node) {
            for (int n = node, end = t.end[node]; n < end; n++) {
                for (int id = t.token[n]; id >= 0; id = t.nextSame == null ? -1 : t.nextSame[id]) uncertain.add(id);
            }
        }

        void mark(int node, boolean exact) {
            for (int id = t.token[node]; id >= 0; id = t.nextSame == null ? -1 : t.nextSame[id]) {
                if (!exact) uncertain.add(id);
                else if (accepted != null) set(accepted, id);
                else {
                    acceptedIds.add(id);
                    if (acceptedIds.size() * 2 >= words) { // many: a bit set is smaller and ORs faster
                        accepted = new long[words];
                        for (int i = 0; i < acceptedIds.size(); i++) set(accepted, acceptedIds.get(i));
                    }
                }
            }
        }
    }

    /** The walk of an uncertain-token trie from one real stack: exact, no context left open. */
    private final class ExactWalk {
        final TokenTrie t;
        final long[] mask;

        ExactWalk(TokenTrie t, long[] mask) {
            this.t = t;
            this.mask = mask;
        }

        void fromFrame(Frame f) {
            for (int c = 1; c < t.size(); c = t.end[c]) {
                int next = grammar.next(f.state, (t.label[c] & 0xff));
                if (next >= 0) enter(c, next, f.parent);
            }
        }

        void enter(int node, int state, Frame parent) {
            if (t.end[node] == node + 1) accept(node); // a leaf: taking its last byte is enough
            else if (grammar.plain[state]) plain(node, state, parent);
            else general(node, rec.close(new Frame[] {new Frame(state, parent)}, 1));
        }

        void plain(int node, int state, Frame parent) {
            accept(node);
            for (int d = node + 1, end = t.end[node]; d < end; d = t.end[d]) {
                int next = grammar.next(state, t.label[d] & 0xff);
                if (next >= 0) enter(d, next, parent);
            }
        }

        void general(int node, ParseState st) {
            Frame[] active = st.active();
            if (active.length == 1 && grammar.plain[active[0].state]) {
                plain(node, active[0].state, active[0].parent);
                return;
            }
            accept(node);
            if (active.length == 0) return;
            for (int d = node + 1, end = t.end[node]; d < end; d = t.end[d]) {
                if (t.end[d] == d + 1) {
                    int b = t.label[d] & 0xff;
                    boolean taken = false;
                    for (int i = 0; i < active.length && !taken; i++) taken = grammar.next(active[i].state, b) >= 0;
                    if (taken) accept(d);
                    continue;
                }
                ParseState next = rec.advance(st, t.label[d] & 0xff);
                if (next != null) general(d, next);
            }
        }

        void accept(int node) {
            for (int id = t.token[node]; id >= 0; id = t.nextSame == null ? -1 : t.nextSame[id]) set(mask, id);
        }
    }
}
