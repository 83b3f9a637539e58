package dev.azr4j.model.nn;

import java.util.List;

/**
 * Several sequences packed row after row (no padding): segment s covers rows
 * [start[s], start[s] + length[s]) and its first row sits at position past[s]. At inference the
 * past[s] earlier keys are in a KV cache; in training a segment with past[s] &gt; 0 is the suffix of a
 * sequence whose shared prefix is segment {@link #prefixSegment}[s] (its keys and values are the
 * rows of that segment, computed once for all the suffixes that continue it).
 */
final class Batch {
    final int[] tokens;
    final int[] start;
    final int[] length;
    final int[] past;
    final int[] positions;
    /** Training: the segment whose rows are segment s's past keys, or −1 (none). */
    final int[] prefixSegment;
    /** Training: where segment s's gradient w.r.t. its prefix's keys/values goes in the scratch rows (see {@link #pastRows}). */
    final int[] pastScratch;
    /** Training: the number of scratch rows all suffix segments need together. */
    final int pastRows;
    final int rows;

    Batch(int[] tokens, int[] length, int[] past) {
        this(tokens, length, past, null);
    }

    Batch(int[] tokens, int[] length, int[] past, int[] prefixSegment) {
        this.tokens = tokens;
        this.length = length;
        this.past = past;
        this.start = new int[length.length];
        int r = 0;
        for (int s = 0; s < length.length; s++) {
            start[s] = r;
            r += length[s];
        }
        if (r != tokens.length) throw new IllegalArgumentException("segment lengths sum to " + r + " but " + tokens.length + " tokens were given");
        rows = r;
        positions = new int[r];
        for (int s = 0; s < length.length; s++) {
            for (int i = 0; i < length[s]; i++) positions[start[s] + i] = past[s] + i;
        }
        this.prefixSegment = new int[length.length];
        this.pastScratch = new int[length.length];
        int scratch = 0;
        for (int s = 0; s < length.length; s++) {
            int p = prefixSegment == null ? -1 : prefixSegment[s];
            if (p >= 0 && (p >= s || past[s] != length[p] || past[p] != 0)) {
                throw new IllegalArgumentException("segment " + s + " must continue an earlier whole segment of " + past[s] + " rows");
            }
            this.prefixSegment[s] = p;
            pastScratch[s] = scratch;
            if (p >= 0) scratch += past[s];
        }
        pastRows = scratch;
    }

    static Batch of(List<int[]> sequences) {
        int total = 0;
        for (int[] s : sequences) total += s.length;
        int[] tokens = new int[total];
        int[] length = new int[sequences.size()];
        int r = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int[] s = sequences.get(i);
            if (s.length == 0) throw new IllegalArgumentException("sequence " + i + " is empty");
            System.arraycopy(s, 0, tokens, r, s.length);
            length[i] = s.length;
            r += s.length;
        }
        return new Batch(tokens, length, new int[sequences.size()]);
    }

    int segments() {
        return length.length;
    }

    /** Training: whether segment s attends to a shared prefix's rows. */
    boolean hasPrefix(int s) {
        return prefixSegment[s] >= 0;
    }

    /** Training: the first row of segment s's past keys (meaningful when {@link #hasPrefix}). */
    int prefixRow(int s) {
        return prefixSegment[s] >= 0 ? start[prefixSegment[s]] : start[s];
    }

    int maxPosition() {
        int m = 0;
        for (int s = 0; s < length.length; s++) m = Math.max(m, past[s] + length[s]);
        return m;
    }
}
