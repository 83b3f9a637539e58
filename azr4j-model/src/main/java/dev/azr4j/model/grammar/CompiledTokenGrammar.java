package dev.azr4j.model.grammar;

import dev.azr4j.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    private final AtomicReferenceArray<StateMasks> masks;

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
        this.masks = new AtomicReferenceArray<>(grammar.stateCount());
    }

    @Override
    public int vocabSize() {
        return vocab.size;
    }

    @Override
    public GrammarMatcher newMatcher() {
        return new TokenMatcher(this, rec.start());
    }

    /** Computes the masks of every state now rather than at first use; returns how many states consume input. */
    int precomputeAll() {
        int n = 0;
        for (int s = 0; s < grammar.stateCount(); s++) {
            if (grammar.consumes[s]) {
                masksOf(s);
                n++;
            }
        }
        return n;
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
            boolean dup = false;
            for (int j = 0; j < i && !dup; j++) dup = active[j].state == s;
            if (dup) continue;
            long[] acc = masksOf(s).accepted();
            for (int w = 0; w < words; w++) mask[w] |= acc[w];
        }
        for (Frame f : active) {
            TokenTrie unc = masksOf(f.state).uncertain();
            if (unc != null) new ExactWalk(unc, mask).fromFrame(f);
            int[] syms = grammar.tokenSymbol[f.state];
            for (int sym : syms) set(mask, symbolToken[sym]);
        }
        if (st.accepting()) for (int e : endIds) set(mask, e);
    }

    static void set(long[] mask, int id) {
        mask[id >>> 6] |= 1L << id;
    }

    StateMasks masksOf(int state) {
        StateMasks m = masks.get(state);
        if (m == null) {
            m = new ContextFreeWalk().run(state);
            if (!masks.compareAndSet(state, null, m)) m = masks.get(state);
        }
        return m;
    }

    /** The walk of the whole trie from one top state over {@link Frame#CONTEXT}. */
    private final class ContextFreeWalk {
        final TokenTrie t = vocab.trie;
        final long[] accepted = new long[words];
        final List<Integer> uncertain = new ArrayList<>();
        int acceptedCount;

        StateMasks run(int state) {
            Grammar g = grammar;
            for (int c = 1; c < t.size(); c = t.end[c]) {
                int next = g.byteTrans[state * 256 + (t.label[c] & 0xff)];
                if (next >= 0) enter(c, next, Frame.CONTEXT, false);
            }
            TokenTrie unc = null;
            if (!uncertain.isEmpty()) {
                int[] ids = uncertain.stream().mapToInt(Integer::intValue).toArray();
                unc = TokenTrie.build(ids, vocab.bytes, vocab.size);
            }
            return new StateMasks(accepted, unc, acceptedCount);
        }

        void enter(int node, int state, Frame parent, boolean popped) {
            if (grammar.plain[state]) plain(node, state, parent, popped);
            else general(node, rec.close(new Frame[] {new Frame(state, parent)}, 1), popped);
        }

        void plain(int node, int state, Frame parent, boolean popped) {
            accept(node);
            int[] trans = grammar.byteTrans;
            int base = state * 256;
            for (int d = node + 1, end = t.end[node]; d < end; d = t.end[d]) {
                int next = trans[base + (t.label[d] & 0xff)];
                if (next >= 0) enter(d, next, parent, popped);
                else if (popped) uncertainSubtree(d);
            }
        }

        void general(int node, ParseState st, boolean popped) {
            Frame[] active = st.active();
            popped |= st.poppedIntoContext();
            if (active.length == 1 && grammar.plain[active[0].state]) {
                plain(node, active[0].state, active[0].parent, popped);
                return;
            }
            accept(node);
            for (int d = node + 1, end = t.end[node]; d < end; d = t.end[d]) {
                ParseState next = active.length == 0 ? null : rec.advance(st, t.label[d] & 0xff);
                if (next != null) general(d, next, popped);
                else if (popped) uncertainSubtree(d);
            }
        }

        void accept(int node) {
            for (int id = t.token[node]; id >= 0; id = t.nextSame == null ? -1 : t.nextSame[id]) {
                if ((accepted[id >>> 6] & (1L << id)) == 0) acceptedCount++;
                set(accepted, id);
            }
        }

        void uncertainSubtree(int d) {
            for (int n = d, end = t.end[d]; n < end; n++) {
                for (int id = t.token[n]; id >= 0; id = t.nextSame == null ? -1 : t.nextSame[id]) uncertain.add(id);
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
                int next = grammar.byteTrans[f.state * 256 + (t.label[c] & 0xff)];
                if (next >= 0) enter(c, next, f.parent);
            }
        }

        void enter(int node, int state, Frame parent) {
            if (grammar.plain[state]) plain(node, state, parent);
            else general(node, rec.close(new Frame[] {new Frame(state, parent)}, 1));
        }

        void plain(int node, int state, Frame parent) {
            accept(node);
            int base = state * 256;
            for (int d = node + 1, end = t.end[node]; d < end; d = t.end[d]) {
                int next = grammar.byteTrans[base + (t.label[d] & 0xff)];
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
                ParseState next = rec.advance(st, t.label[d] & 0xff);
                if (next != null) general(d, next);
            }
        }

        void accept(int node) {
            for (int id = t.token[node]; id >= 0; id = t.nextSame == null ? -1 : t.nextSame[id]) set(mask, id);
        }
    }
}
