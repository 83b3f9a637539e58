package dev.azr4j.model.grammar;

import dev.azr4j.model.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The token bytes of a tokenizer and their trie, built once per tokenizer and shared by every
 * grammar compiled against it. Special tokens and tokens without bytes are left out of the trie:
 * a grammar allows a special token only where it names it.
 */
final class Vocabulary {
    private static final Map<Tokenizer, Vocabulary> CACHE = new WeakHashMap<>();

    final int size;
    final byte[][] bytes;
    /** Whether a token is matched by its bytes (in the trie). */
    final boolean[] inTrie;
    final TokenTrie trie;
    /** For each byte value, a token that is exactly that byte, or -1. */
    final int[] byteToken;

    private Vocabulary(Tokenizer tok) {
        size = tok.vocabSize();
        bytes = new byte[size][];
        inTrie = new boolean[size];
        byteToken = new int[256];
        Arrays.fill(byteToken, -1);
        int[] ids = new int[size];
        int n = 0;
        for (int id = 0; id < size; id++) {
            bytes[id] = tok.tokenBytes(id);
            if (!tok.isSpecial(id) && bytes[id].length > 0) {
                inTrie[id] = true;
                ids[n++] = id;
                if (bytes[id].length == 1 && byteToken[bytes[id][0] & 0xff] < 0) byteToken[bytes[id][0] & 0xff] = id;
            }
        }
        trie = TokenTrie.build(Arrays.copyOf(ids, n), bytes, size);
    }

    static Vocabulary of(Tokenizer tok) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(tok, Vocabulary::new);
        }
    }
}
