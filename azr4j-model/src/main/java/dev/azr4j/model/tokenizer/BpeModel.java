package dev.azr4j.model.tokenizer;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BPE model: a word (already mapped to byte-level characters) starts as one symbol per
 * character and the adjacent pair with the lowest merge rank is merged, leftmost first, until no
 * pair has a merge. Results are cached per word since text repeats words a lot.
 */
final class BpeModel {
    private static final int CACHE_LIMIT = 200_000;
    private static final int CACHED_WORD_MAX_CHARS = 256; // longer words are rare; caching them only costs memory

    private final Map<String, Integer> vocab;
    private final PairRanks ranks;
    private final int[] mergedId;   // rank -> id of the merged token
    private final int[] charId;     // byte-level char -> id of its single-char token (-1 if none)
    private final boolean ignoreMerges;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BpeModel(Map<String, Integer> vocab, PairRanks ranks, int[] mergedId, boolean ignoreMerges) {
        this.vocab = vocab;
        this.ranks = ranks;
        this.mergedId = mergedId;
        this.ignoreMerges = ignoreMerges;
        this.charId = new int[0x200];
        Arrays.fill(charId, -1);
        for (int b = 0; b < 256; b++) {
            char c = ByteLevel.charOf(b);
            Integer id = vocab.get(String.valueOf(c));
            if (id != null) charId[c] = id;
        }
    }

    /** Appends the ids of {@code word} to {@code out}. */
    void encodeWord(String word, IntList out) {
        if (word.length() > CACHED_WORD_MAX_CHARS) {
            out.addAll(merge(word));
            return;
        }
        int[] ids = cache.get(word);
        if (ids == null) {
            ids = merge(word);
            if (cache.size() >= CACHE_LIMIT) cache.clear();
            cache.put(word, ids);
        }
        out.addAll(ids);
    }

    private int[] merge(String word) {
        if (ignoreMerges) {
            Integer whole = vocab.get(word);
            if (whole != null) return new int[] {whole};
        }
        int n = word.length();
        int[] sym = new int[n];
        int[] next = new int[n];
        int[] prev = new int[n];
        int alive = 0;
        for (int i = 0; i < n; i++) {
            char c = word.charAt(i);
            int id = c < charId.length ? charId[c] : -1;
            if (id < 0) {
                Integer v = vocab.get(String.valueOf(c));
                if (v == null) throw new IllegalStateException("character U+" + Integer.toHexString(c)
                        + " has no token in the vocabulary (the tokenizer has no unk_token or byte fallback)");
                id = v;
            }
            sym[i] = id;
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
            alive++;
        }
        if (n >= 2) {
            // min-heap of (rank << 32 | position): lowest rank first, leftmost among equal ranks
            LongHeap heap = new LongHeap(n);
            for (int i = 0; i + 1 < n; i++) {
                int r = ranks.get(sym[i], sym[i + 1]);
                if (r >= 0) heap.push(((long) r << 32) | i);
            }
            while (!heap.isEmpty()) {
                long top = heap.pop();
                int r = (int) (top >>> 32);
                int i = (int) top;
                int j = sym[i] < 0 ? -1 : next[i];
                if (j < 0 || ranks.get(sym[i], sym[j]) != r) continue; // stale: this pair changed since
                sym[i] = mergedId[r];
                sym[j] = -1;
                alive--;
                next[i] = next[j];
                if (next[j] >= 0) prev[next[j]] = i;
                int p = prev[i];
                if (p >= 0) {
                    int rp = ranks.get(sym[p], sym[i]);
                    if (rp >= 0) heap.push(((long) rp << 32) | p);
                }
                int q = next[i];
                if (q >= 0) {
                    int rq = ranks.get(sym[i], sym[q]);
                    if (rq >= 0) heap.push(((long) rq << 32) | i);
                }
            }
        }
        int[] out = new int[alive];
        int k = 0;
        for (int i = 0; i >= 0 && i < n; i = next[i]) out[k++] = sym[i];
        return out;
    }

    /** A growable binary min-heap of longs. */
    private static final class LongHeap {
        private long[] a;
        private int size;

        LongHeap(int capacity) {
            a = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (a[parent] <= v) break;
                a[i] = a[parent];
                i = parent;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0];
            long last = a[--size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) break;
                if (c + 1 < size && a[c + 1] < a[c]) c++;
                if (a[c] >= last) break;
                a[i] = a[c];
                i = c;
            }
            a[i] = last;
            return top;
        }
    }
}
