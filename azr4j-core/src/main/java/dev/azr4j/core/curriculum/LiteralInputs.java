package dev.azr4j.core.curriculum;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inputs built from a program's own constants and from the proposer's input, beside the gate's
 * random extra inputs. A membership or count test ({@code -2 in a}, {@code a.count('e')}), a
 * comparison with a constant ({@code a == 7}) or a shape test ({@code a == a[::-1]},
 * {@code a == sorted(a)}) is rarely changed by a random input, so a program that does read its
 * input would be taken for a constant, and its tasks would never show the solver the case that
 * matters (the gate's {@code literal_inputs}), and induction proposals imitated from the
 * environment show them. Per input type:
 * <ul>
 *   <li>int: each int constant c of the program, then c + 1 and c − 1;</li>
 *   <li>word: each word constant put in front of the proposer's word, then the word followed by
 *       its reverse (a palindrome);</li>
 *   <li>list of ints: the proposer's list with each int constant appended, then the list sorted,
 *       then the list followed by its reverse.</li>
 * </ul>
 * Distinct, never the proposer's input itself, at most {@code max}, in that order; deterministic.
 */
public final class LiteralInputs {
    private static final Pattern INT = Pattern.compile("(?<![\\w.])-?\\d{1,6}(?![\\w.])");
    private static final Pattern WORD = Pattern.compile("'([A-Za-z]{1,8})'");
    /** The broad world's string constants: any characters but a quote or a backslash. */
    private static final Pattern BROAD_WORD = Pattern.compile("'([^'\\\\\\n]{1,8})'");
    private static final Pattern LIST_ITEM = Pattern.compile("-?\\d+");

    private LiteralInputs() {}

    public static List<String> of(String program, String input, ProgramGenerator.Type type, int max) {
        return of(program, input, type, max, World.NARROW);
    }

    /** As {@link #of(String, String, ProgramGenerator.Type, int)}, with {@code world}'s string constants; a list of words gets each word constant appended. */
    public static List<String> of(String program, String input, ProgramGenerator.Type type, int max, World world) {
        if (max <= 0 || program == null || input == null) return List.of();
        String x = input.strip();
        Set<String> out = new LinkedHashSet<>();
        switch (type) {
            case INT -> {
                List<Long> ks = ints(program);
                for (long k : ks) out.add(Long.toString(k));
                for (long k : ks) {
                    out.add(Long.toString(k + 1));
                    out.add(Long.toString(k - 1));
                }
            }
            case STR -> {
                String word = x.substring(1, x.length() - 1);
                for (String w : words(program, world)) out.add(quote(w + word));
                out.add(quote(word + new StringBuilder(word).reverse()));
            }
            case STRS -> {
                String inner = x.substring(1, x.length() - 1).strip();
                for (String w : words(program, world)) out.add("[" + inner + (inner.isEmpty() ? "" : ", ") + quote(w) + "]");
            }
            case LIST -> {
                List<Long> items = new ArrayList<>();
                Matcher m = LIST_ITEM.matcher(x);
                while (m.find()) items.add(Long.parseLong(m.group()));
                for (long k : ints(program)) {
                    List<Long> with = new ArrayList<>(items);
                    with.add(k);
                    out.add(list(with));
                }
                List<Long> sorted = new ArrayList<>(items);
                sorted.sort(null);
                out.add(list(sorted));
                List<Long> palindrome = new ArrayList<>(items);
                palindrome.addAll(items.reversed());
                out.add(list(palindrome));
            }
            case BOOL -> out.add(x.equals("True") ? "False" : "True");
        }
        out.remove(x);
        return out.stream().limit(max).toList();
    }

    /**
     * The ends of the proposer's input domain that random and literal inputs rarely reach, for the
     * gate's constant verdict ({@code selfplay.gate.edge_inputs}): a program that reads its input
     * only past a threshold ({@code max(a - 6, 4)}, {@code a.count('b') > 1}, {@code max(a + [8])})
     * gives one output on a dozen draws and another at an edge. Per input type:
     * <ul>
     *   <li>int: the environment sampler's range ends, −20 and 20, and 0;</li>
     *   <li>word: each letter constant of the program six times (the longest word drawn), then the
     *       proposer's word with the letter at its end;</li>
     *   <li>list of ints: each int constant of the program alone in a list, then [−9] and [9] (the
     *       element range's ends).</li>
     * </ul>
     * Distinct, never the proposer's input itself, in that order; deterministic.
     */
    public static List<String> edges(String program, String input, ProgramGenerator.Type type) {
        return edges(program, input, type, World.NARROW);
    }

    /** As {@link #edges(String, String, ProgramGenerator.Type)}, at the ends of {@code world}'s ranges. */
    public static List<String> edges(String program, String input, ProgramGenerator.Type type, World world) {
        if (program == null || input == null) return List.of();
        String x = input.strip();
        Set<String> out = new LinkedHashSet<>();
        switch (type) {
            case INT -> {
                out.add(Integer.toString(world.intEnds()[0]));
                out.add(Integer.toString(world.intEnds()[1]));
                out.add("0");
            }
            case STR -> {
                String word = x.substring(1, x.length() - 1);
                for (String w : words(program, world)) {
                    if (w.length() != 1) continue;
                    out.add(quote(w.repeat(6)));
                    out.add(quote(word + w));
                }
            }
            case LIST -> {
                for (long k : ints(program)) out.add(list(List.of(k)));
                out.add("[" + world.elementEnds()[0] + "]");
                out.add("[" + world.elementEnds()[1] + "]");
            }
            case BOOL, STRS -> { }
        }
        out.remove(x);
        return List.copyOf(out);
    }

    /** The program's int constants (slice bounds included: harmless extra inputs), in order, distinct. */
    private static List<Long> ints(String program) {
        Set<Long> out = new LinkedHashSet<>();
        Matcher m = INT.matcher(program);
        while (m.find()) out.add(Long.parseLong(m.group()));
        return new ArrayList<>(out);
    }

    private static List<String> words(String program, World world) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = (world == World.NARROW ? WORD : BROAD_WORD).matcher(program);
        while (m.find()) out.add(m.group(1));
        return new ArrayList<>(out);
    }

    private static String quote(String word) {
        return "'" + word + "'";
    }

    private static String list(List<Long> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) b.append(i == 0 ? "" : ", ").append(items.get(i));
        return b.append(']').toString();
    }
}
