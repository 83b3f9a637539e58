package dev.azr4j.model.grammar;

/**
 * What a frame at one automaton state allows, whatever lies below it on the stack: the tokens
 * accepted without popping the frame ({@code accepted}, a bit set over the vocabulary, or {@code acceptedIds} when they are fewer than half its words), and the trie
 * of the tokens that can be decided only with the stack below because they pop the frame part-way
 * ({@code uncertain}, null when there are none). Tokens in neither are refused in every context.
 */
record StateMasks(long[] accepted, int[] acceptedIds, TokenTrie uncertain) {

    /** ORs the accepted tokens into {@code mask}. */
    void orInto(long[] mask) {
        if (accepted != null) {
            for (int w = 0; w < accepted.length; w++) mask[w] |= accepted[w];
        } else {
            for (int id : acceptedIds) mask[id >>> 6] |= 1L << id;
        }
    }
}
