package dev.azr4j.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How training sequences are packed into a {@link Batch} when several of them begin with the same
 * prefix (the N rollouts of one prompt): the prefix becomes one segment, computed once, and each
 * sequence's remaining tokens a segment that attends to the prefix's keys and values. The
 * per-row layers see every prefix row once; the backward pass sums what all the suffixes send
 * back into the prefix's keys and values, so loss and gradients are those of the sequences
 * packed one by one.
 */
final class PrefixPacking {
    final Batch batch;
    /** Per sequence: the segment holding its own rows (the whole sequence, or the suffix after its shared prefix). */
    private final int[] segment;
    /** Per sequence: the number of its leading tokens held by a shared prefix segment (0: none). */
    private final int[] shared;
    private final int[] length;
    private final int sharedPrefixes;

    private PrefixPacking(Batch batch, int[] segment, int[] shared, int[] length, int sharedPrefixes) {
        this.batch = batch;
        this.segment = segment;
        this.shared = shared;
        this.length = length;
        this.sharedPrefixes = sharedPrefixes;
    }

    /**
     * Packs {@code sequences}; sequence s may share its first {@code prefixLengths[s]} tokens
     * (null, or a value outside [1, length − 1]: never) with every other sequence whose first
     * tokens are the same ones, the same number of them. A prefix is shared only by two sequences or more.
     */
    static PrefixPacking of(List<int[]> sequences, int[] prefixLengths) {
        int n = sequences.size();
        if (prefixLengths != null && prefixLengths.length != n) {
            throw new IllegalArgumentException(prefixLengths.length + " prefix lengths for " + n + " sequences");
        }
        for (int i = 0; i < n; i++) {
            if (sequences.get(i).length == 0) throw new IllegalArgumentException("sequence " + i + " is empty");
        }
        // group sequences by their shareable prefix (length and tokens)
        Map<PrefixKey, List<Integer>> groups = new HashMap<>();
        PrefixKey[] keyOf = new PrefixKey[n];
        for (int i = 0; i < n && prefixLengths != null; i++) {
            int p = prefixLengths[i];
            if (p < 1 || p >= sequences.get(i).length) continue;
            keyOf[i] = new PrefixKey(sequences.get(i), p);
            groups.computeIfAbsent(keyOf[i], k -> new ArrayList<>()).add(i);
        }
        List<int[]> segTokens = new ArrayList<>();
        List<Integer> segPast = new ArrayList<>(), segPrefix = new ArrayList<>();
        Map<PrefixKey, Integer> prefixSegment = new HashMap<>();
        int[] segment = new int[n], shared = new int[n], length = new int[n];
        for (int i = 0; i < n; i++) {
            int[] ids = sequences.get(i);
            length[i] = ids.length;
            PrefixKey key = keyOf[i];
            if (key == null || groups.get(key).size() < 2) {
                segment[i] = segTokens.size();
                segTokens.add(ids);
                segPast.add(0);
                segPrefix.add(-1);
                continue;
            }
            Integer pre = prefixSegment.get(key);
            if (pre == null) {   // the group's first sequence: its prefix segment goes first
                pre = segTokens.size();
                prefixSegment.put(key, pre);
                segTokens.add(Arrays.copyOf(ids, key.length));
                segPast.add(0);
                segPrefix.add(-1);
            }
            shared[i] = key.length;
            segment[i] = segTokens.size();
            segTokens.add(Arrays.copyOfRange(ids, key.length, ids.length));
            segPast.add(key.length);
            segPrefix.add(pre);
        }
        int segs = segTokens.size(), total = 0;
        for (int[] t : segTokens) total += t.length;
        int[] tokens = new int[total], len = new int[segs], past = new int[segs], prefix = new int[segs];
        for (int s = 0, r = 0; s < segs; s++) {
            int[] t = segTokens.get(s);
            System.arraycopy(t, 0, tokens, r, t.length);
            r += t.length;
            len[s] = t.length;
            past[s] = segPast.get(s);
            prefix[s] = segPrefix.get(s);
        }
        return new PrefixPacking(new Batch(tokens, len, past, prefix), segment, shared, length, prefixSegment.size());
    }

    int sequences() {
        return segment.length;
    }

    int length(int seq) {
        return length[seq];
    }

    /** Number of distinct prefixes computed once for several sequences. */
    int sharedPrefixes() {
        return sharedPrefixes;
    }

    /** The packed row holding token t of sequence seq. */
    int rowOf(int seq, int t) {
        if (t < 0 || t >= length[seq]) throw new IndexOutOfBoundsException("token " + t + " of a sequence of " + length[seq]);
        int seg = segment[seq];
        return t < shared[seq] ? batch.prefixRow(seg) + t : batch.start[seg] + t - shared[seq];
    }

    /** The first {@code length} tokens of a sequence, compared by content. */
    private record PrefixKey(int[] ids, int length) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PrefixKey k && k.length == length && Arrays.equals(ids, 0, length, k.ids, 0, length);
        }

        @Override
        public int hashCode() {
            int h = length;
            for (int i = 0; i < length; i++) h = 31 * h + ids[i];
            return h;
        }
    }
}
