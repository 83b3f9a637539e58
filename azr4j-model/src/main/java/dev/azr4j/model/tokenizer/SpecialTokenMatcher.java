package dev.azr4j.model.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds token strings in text, leftmost first and longest among those starting at the same place
 * (the "leftmost-longest" rule HuggingFace {@code tokenizers} uses for added tokens).
 */
final class SpecialTokenMatcher {
    /** A found token: its index in the list given to the constructor and its char range. */
    record Match(int token, int start, int end) {}

    private final Map<Character, int[]> byFirstChar = new HashMap<>();
    private final List<String> tokens;

    SpecialTokenMatcher(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<Character, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isEmpty()) continue;
            groups.computeIfAbsent(tokens.get(i).charAt(0), k -> new ArrayList<>()).add(i);
        }
        groups.forEach((c, list) -> {
            list.sort(Comparator.comparingInt((Integer i) -> tokens.get(i).length()).reversed());
            byFirstChar.put(c, list.stream().mapToInt(Integer::intValue).toArray());
        });
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    /** The first match starting at or after {@code from}, or null. */
    Match find(String text, int from) {
        if (byFirstChar.isEmpty()) return null;
        for (int i = from; i < text.length(); i++) {
            int[] candidates = byFirstChar.get(text.charAt(i));
            if (candidates == null) continue;
            for (int t : candidates) {
                if (text.startsWith(tokens.get(t), i)) return new Match(t, i, i + tokens.get(t).length());
            }
        }
        return null;
    }
}
