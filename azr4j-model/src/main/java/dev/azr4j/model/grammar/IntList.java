package dev.azr4j.model.grammar;

import java.util.Arrays;

/** A growable list of ints without boxing. */
final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        a[n++] = v;
    }

    void clear() {
        n = 0;
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return n;
    }

    int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
