package dev.azr4j.model.nn;

import java.util.List;

/**
 * Several sequences packed row after row (no padding): segment s covers rows
 * [start[s], start[s] + length[s]) and its first row sits at position past[s].
 */
final class Batch {
    final int[] tokens;
    final int[] start;
    final int[] length;
    final int[] past;
    final int[] positions;
    final int rows;

    Batch(int[] tokens, int[] length, int[] past) {
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

    int maxPosition() {
        int m = 0;
        for (int s = 0; s < length.length; s++) m = Math.max(m, past[s] + length[s]);
        return m;
    }
}
