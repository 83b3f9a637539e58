package dev.azr4j.model.tokenizer;

import java.util.Arrays;

/** Open-addressing map from a token pair (left id, right id) to its merge rank; -1 when absent. */
final class PairRanks {
    private final long[] keys;
    private final int[] ranks;
    private final int mask;

    PairRanks(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        ranks = new int[cap];
        Arrays.fill(keys, -1L);
        mask = cap - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private static int hash(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return (int) (k ^ (k >>> 32));
    }

    /** Sets the pair's rank; a later duplicate merge overrides an earlier one, as in HF's merge map. */
    void put(int left, int right, int rank) {
        long k = key(left, right);
        int i = hash(k) & mask;
        while (keys[i] != -1L) {
            if (keys[i] == k) {
                ranks[i] = rank;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        ranks[i] = rank;
    }

    int get(int left, int right) {
        long k = key(left, right);
        int i = hash(k) & mask;
        while (true) {
            long found = keys[i];
            if (found == k) return ranks[i];
            if (found == -1L) return -1;
            i = (i + 1) & mask;
        }
    }
}
