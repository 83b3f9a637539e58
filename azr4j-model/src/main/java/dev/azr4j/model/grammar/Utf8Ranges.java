package dev.azr4j.model.grammar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Code point sets as UTF-8 byte-range sequences: {@code [U+0080, U+07FF]} becomes
 * {@code [C2-DF][80-BF]}, so that a character class can be matched one byte at a time and a
 * character split across two tokens is matched exactly. Surrogates (U+D800–U+DFFF) are never
 * encoded, as UTF-8 has no encoding for them.
 */
final class Utf8Ranges {
    static final int MAX = Character.MAX_CODE_POINT;

    private Utf8Ranges() {}

    /** The sorted, merged union of {@code [lo[i], hi[i]]}, complemented over all scalar values when {@code negated}; surrogates removed. */
    static int[][] normalize(int[] lo, int[] hi, boolean negated) {
        int n = lo.length;
        int[][] r = new int[n][];
        for (int i = 0; i < n; i++) r[i] = new int[] {lo[i], hi[i]};
        Arrays.sort(r, (a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] x : r) {
            if (!merged.isEmpty() && x[0] <= merged.getLast()[1] + 1) merged.getLast()[1] = Math.max(merged.getLast()[1], x[1]);
            else merged.add(x.clone());
        }
        if (negated) {
            List<int[]> comp = new ArrayList<>();
            int next = 0;
            for (int[] x : merged) {
                if (x[0] > next) comp.add(new int[] {next, x[0] - 1});
                next = x[1] + 1;
            }
            if (next <= MAX) comp.add(new int[] {next, MAX});
            merged = comp;
        }
        List<int[]> out = new ArrayList<>();
        for (int[] x : merged) {
            if (x[1] < 0xD800 || x[0] > 0xDFFF) out.add(x);
            else {
                if (x[0] < 0xD800) out.add(new int[] {x[0], 0xD7FF});
                if (x[1] > 0xDFFF) out.add(new int[] {0xE000, x[1]});
            }
        }
        return out.toArray(new int[0][]);
    }

    /**
     * The byte-range sequences matching exactly the UTF-8 encodings of the code points in
     * {@code [lo, hi]} (no surrogates inside): each element is {@code {lo0, hi0, lo1, hi1, ...}}.
     */
    static List<int[]> sequences(int lo, int hi) {
        List<int[]> out = new ArrayList<>();
        Deque<int[]> work = new ArrayDeque<>();
        work.push(new int[] {lo, hi});
        outer:
        while (!work.isEmpty()) {
            int[] r = work.pop();
            int a = r[0];
            int b = r[1];
            int[] limits = {0x7F, 0x7FF, 0xFFFF};
            for (int limit : limits) {
                if (a <= limit && b > limit) {
                    work.push(new int[] {limit + 1, b});
                    work.push(new int[] {a, limit});
                    continue outer;
                }
            }
            int len = length(a);
            for (int i = 1; i < len; i++) {
                int m = (1 << (6 * i)) - 1;
                if ((a & ~m) != (b & ~m)) {
                    if ((a & m) != 0) {
                        work.push(new int[] {(a | m) + 1, b});
                        work.push(new int[] {a, a | m});
                        continue outer;
                    }
                    if ((b & m) != m) {
                        work.push(new int[] {b & ~m, b});
                        work.push(new int[] {a, (b & ~m) - 1});
                        continue outer;
                    }
                }
            }
            byte[] ea = encode(a);
            byte[] eb = encode(b);
            int[] seq = new int[2 * len];
            for (int k = 0; k < len; k++) {
                seq[2 * k] = ea[k] & 0xff;
                seq[2 * k + 1] = eb[k] & 0xff;
            }
            out.add(seq);
        }
        return out;
    }

    static int length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    static byte[] encode(int cp) {
        return new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
