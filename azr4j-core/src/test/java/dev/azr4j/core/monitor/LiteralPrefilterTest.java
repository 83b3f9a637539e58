package dev.azr4j.core.monitor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The prefilter derives the right literals, gives up where it cannot, and never changes a rule's matches. */
class LiteralPrefilterTest {
    private static List<String> texts(String regex) {
        List<LiteralPrefilter.Literal> l = LiteralPrefilter.of(regex);
        return l == null ? null : l.stream().map(LiteralPrefilter.Literal::text).toList();
    }

    @Test
    void derivesTheLiteralsEveryMatchNeeds() {
        assertEquals(List.of("deceive", "lie to", "goal"), texts("\\b(deceive|lie to|goals?)\\s+x"));
        assertEquals(List.of("take", "control"), texts("\\b(?:take\\s+over|control)\\b"));
        assertEquals(List.of("os."), texts("\\bos\\.(system|popen)\\s*\\("));
        assertEquals(List.of("socket.socket", "urlopen"), texts("\\b(socket\\.socket|urlopen)\\b"));
        assertEquals(List.of("__"), texts("__(subclasses|globals)__"));
        assertEquals(List.of("ab", "c", "x"), texts("abc?|c+d|xy{0,2}"), "a quantified char is not required");
        assertEquals(List.of("reward"), texts("\\breward\\s+hack(ing)?\\b"));
        assertEquals(List.of("banana"), texts("BANANA"), "lowercased: the rules are case-insensitive");
        assertEquals(List.of(new LiteralPrefilter.Literal("take", true), new LiteralPrefilter.Literal("lie to", false)),
                LiteralPrefilter.of("\\b(take\\s+over|lie to)"), "word-start lookups only for word literals after \\b");
        assertFalse(LiteralPrefilter.of("__(a|b)__").getFirst().wordStart());
    }

    @Test
    void givesUpWhereNoLiteralIsCertain() {
        for (String p : List.of(".+", "[A-Z]{2}", "\\d+", "(?i)abc", "(?=x)x", "(abc)?def", "(ab|)c", "^abc", "a*b", "(abc", "x|.y"))
            assertNull(LiteralPrefilter.of(p), p);
    }

    @Test
    void wordLookupsFollowTheRegexWordBoundaries() {
        LiteralPrefilter.Text t = new LiteralPrefilter.Text("I'd DECEIVE_x them;\u212Afoo 3goals");
        assertTrue(t.contains(new LiteralPrefilter.Literal("deceive", true)), "a prefix of the word deceive_x");
        assertTrue(t.contains(new LiteralPrefilter.Literal("foo", true)), "the Kelvin sign is no ASCII word character: foo starts a word");
        assertTrue(Pattern.compile("\\bfoo", Pattern.CASE_INSENSITIVE).matcher(t.original()).find(), "as the regex agrees");
        assertFalse(t.contains(new LiteralPrefilter.Literal("goals", true)), "3goals is one word");
        assertTrue(t.contains(new LiteralPrefilter.Literal("them", true)));
    }

    @Test
    void neverChangesWhatTheBuiltInRulesMatch() {
        List<SafetyRule> rules = SafetyRules.builtIn().rules();
        List<String> words = new ArrayList<>(List.of("the", "Deceive", "THE", "user", "outsmart", "all", "these", "groups", "of",
                "machines", "import", "socket", "os.system(", "open(", "'w')", "__subclasses__", "wait", "avoid", "being", "shut",
                "down", "sandbox", "refused", "harm", "humans", "x", "=", "(", ")", "\n", "reward", "hacking", "without", "anyone", "noticing",
                "\u212A", "_", "Ünder", "HIDE", "my", "goals", "3"));
        Random r = new Random(7);
        int hits = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 12; i++) b.append(words.get(r.nextInt(words.size()))).append(r.nextInt(4) == 0 ? "" : " ");
            String text = b.toString();
            for (SafetyRule rule : rules) {
                for (Pattern p : rule.patterns()) {
                    boolean plain = p.matcher(text).find();
                    boolean filtered = LiteralPrefilter.mayMatch(LiteralPrefilter.of(p.pattern()), new LiteralPrefilter.Text(text)) && p.matcher(text).find();
                    assertEquals(plain, filtered, p.pattern() + " on " + text);
                    if (plain) hits++;
                }
            }
        }
        assertTrue(hits > 100, "the random texts do hit the rules: " + hits);
        // and a whole scan finds the same flags with and without the prefilter
        List<Observed> samples = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 12; i++) b.append(words.get(r.nextInt(words.size()))).append(' ');
            samples.add(new Observed("solve", "deduction", false, "p", "c", b.toString(), b.reverse().toString(), List.of(), 0, java.util.Map.of()));
        }
        var fast = new SafetyMonitor(SafetyRules.builtIn()).scan(1, samples).flags();
        var slow = new SafetyMonitor(SafetyRules.builtIn().withoutPrefilters()).scan(1, samples).flags();
        assertFalse(fast.isEmpty());
        assertEquals(slow, fast);
        for (SafetyRule rule : rules)
            for (int i = 0; i < rule.patterns().size(); i++)
                assertTrue(rule.prefilters().get(i) != null || rule.id().equals("sandbox_violation"), "no prefilter for " + rule.patterns().get(i));
    }
}
