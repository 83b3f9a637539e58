package dev.azr4j.model.grammar;

import java.util.Arrays;

/**
 * A trie of token byte strings in preorder arrays: node 0 is the root; the children of node
 * {@code n} start at {@code n + 1} and each child's subtree ends where the next begins
 * ({@link #end}), so a depth-first walk needs no pointers and the tokens of a subtree are the
 * nodes of an index range. Tokens with the same bytes are chained through {@link #nextSame}.
 */
final class TokenTrie {
    /** The byte leading into each node (unused for the root). */
    final byte[] label;
    /** One past the last node of each node's subtree. */
    final int[] end;
    /** The first token whose bytes end at each node, or -1. */
    final int[] token;
    /** For a token id, the next token with the same bytes, or -1 (indexed by token id); null when no two tokens share their bytes. */
    final int[] nextSame;
    final int tokenCount;

    private TokenTrie(byte[] label, int[] end, int[] token, int[] nextSame, int tokenCount) {
        this.label = label;
        this.end = end;
        this.token = token;
        this.nextSame = nextSame;
        this.tokenCount = tokenCount;
    }

    int size() {
        return label.length;
    }

    /** A trie over {@code ids} (token ids below {@code vocab}), whose bytes are {@code bytes[id]} (non-empty). */
    static TokenTrie build(int[] ids, byte[][] bytes, int vocab) {
        int[] order = ids.clone();
        sortByBytes(order, new int[order.length], 0, order.length, 0, bytes);
        return buildSorted(order, bytes, vocab);
    }

    /**
     * Sorts {@code a[lo..hi)}, whose bytes agree on the first {@code depth}, by unsigned
     * lexicographic order of their bytes, then by id: a most-significant-byte radix sort (one
     * counting pass per trie level; comparison sorts of 151k byte strings were most of a
     * vocabulary's setup), insertion sort for small ranges.
     */
    private static void sortByBytes(int[] a, int[] tmp, int lo, int hi, int depth, byte[][] bytes) {
        if (hi - lo <= 24) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= lo && compare(a[j], v, bytes) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int[] start = new int[258]; // bucket 0: strings that end at depth; 1 + b: next byte b
        for (int i = lo; i < hi; i++) start[key(a[i], depth, bytes) + 1]++;
        for (int k = 1; k < start.length; k++) start[k] += start[k - 1];
        int[] fill = start.clone();
        for (int i = lo; i < hi; i++) tmp[lo + fill[key(a[i], depth, bytes)]++] = a[i];
        System.arraycopy(tmp, lo, a, lo, hi - lo);
        Arrays.sort(a, lo, lo + start[1]); // strings that end here are equal: by id
        for (int k = 1; k < 257; k++) {
            int from = lo + start[k], to = lo + start[k + 1];
            if (to - from > 1) sortByBytes(a, tmp, from, to, depth + 1, bytes);
        }
    }

    private static int key(int id, int depth, byte[][] bytes) {
        return bytes[id].length > depth ? (bytes[id][depth] & 0xff) + 1 : 0;
    }

    private static int compare(int x, int y, byte[][] bytes) {
        int c = Arrays.compareUnsigned(bytes[x], bytes[y]);
        return c != 0 ? c : Integer.compare(x, y);
    }

    /** As {@link #build}, for ids already in unsigned lexicographic order of their bytes (as a preorder walk of a trie gives them). */
    static TokenTrie buildSorted(int[] order, byte[][] bytes, int vocab) {
        int[] ids = order;
        int capacity = 1;
        for (int id : ids) capacity += bytes[id].length;
        byte[] label = new byte[capacity];
        int[] end = new int[capacity];
        int[] token = new int[capacity];
        Arrays.fill(token, -1);
        int[] nextSame = null; // allocated at the first duplicate: byte-level vocabularies have none
        int[] pathNode = new int[1024];
        pathNode[0] = 0;
        int depth = 0; // number of bytes on the current path
        int nodes = 1;
        byte[] prev = new byte[0];
        int[] lastAt = new int[capacity];
        Arrays.fill(lastAt, -1);
        for (int id : order) {
            byte[] b = bytes[id];
            if (b.length >= pathNode.length) pathNode = Arrays.copyOf(pathNode, b.length * 2);
            int common = 0;
            while (common < Math.min(depth, b.length) && prev[common] == b[common]) common++;
            while (depth > common) {
                end[pathNode[depth]] = nodes;
                depth--;
            }
            while (depth < b.length) {
                label[nodes] = b[depth];
                depth++;
                pathNode[depth] = nodes++;
            }
            int node = pathNode[depth];
            if (token[node] < 0) token[node] = id;
            else {
                if (nextSame == null) {
                    nextSame = new int[vocab];
                    Arrays.fill(nextSame, -1);
                }
                nextSame[lastAt[node]] = id;
            }
            lastAt[node] = id;
            prev = b;
        }
        while (depth > 0) {
            end[pathNode[depth]] = nodes;
            depth--;
        }
        end[0] = nodes;
        return new TokenTrie(Arrays.copyOf(label, nodes), Arrays.copyOf(end, nodes), Arrays.copyOf(token, nodes), nextSame, ids.length);
    }
}
