package dev.azr4j.core.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Finds closed {@code ```tag ... ```} blocks in model output, in order. A fence left open at the
 * end (a truncated completion) is not a block. The tag is the word right after the opening
 * backticks ({@code python}, {@code input}, {@code input_0}, ...), compared case-insensitively.
 */
public final class Fences {
    private static final String FENCE = "```";

    private Fences() {}

    public static List<Fence> all(String text) {
        List<Fence> out = new ArrayList<>();
        if (text == null) return out;
        int pos = 0;
        while (true) {
            int open = text.indexOf(FENCE, pos);
            if (open < 0) break;
            int tagStart = open + FENCE.length();
            int tagEnd = tagStart;
            while (tagEnd < text.length() && isTagChar(text.charAt(tagEnd))) tagEnd++;
            int close = text.indexOf(FENCE, tagEnd);
            if (close < 0) break;
            out.add(new Fence(text.substring(tagStart, tagEnd).toLowerCase(Locale.ROOT), text.substring(tagEnd, close).strip()));
            pos = close + FENCE.length();
        }
        return out;
    }

    /** The first block whose tag satisfies {@code tag}, or {@code null}. */
    public static Fence first(String text, Predicate<String> tag) {
        for (Fence f : all(text)) if (tag.test(f.tag())) return f;
        return null;
    }

    /** The last block whose tag satisfies {@code tag}, or {@code null}. */
    public static Fence last(String text, Predicate<String> tag) {
        Fence found = null;
        for (Fence f : all(text)) if (tag.test(f.tag())) found = f;
        return found;
    }

    /** Tags that mark a code block: {@code python}, {@code py} or none. */
    public static boolean isCodeTag(String tag) {
        return tag.isEmpty() || tag.equals("python") || tag.equals("py") || tag.equals("python3");
    }

    private static boolean isTagChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
