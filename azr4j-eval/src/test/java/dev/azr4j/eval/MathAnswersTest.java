package dev.azr4j.eval;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.eval.data.BenchmarkData;
import dev.azr4j.eval.data.MathItem;
import dev.azr4j.eval.math.MathAnswers;
import dev.azr4j.eval.math.MathEquivalence;
import dev.azr4j.eval.math.MathNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Extraction, normalisation and equivalence of math answers, with cases in the six sets' answer styles. */
class MathAnswersTest {

    @Test
    void extractsTheLastBoxedAnswerWithNestedBraces() {
        assertEquals("\\frac{1}{2}", MathAnswers.extract("first \\boxed{3}, then finally \\boxed{\\frac{1}{2}}."));
        assertEquals("\\text{(A)}", MathAnswers.extract("So the answer is \\boxed{\\text{(A)}}"));
        assertEquals("5", MathAnswers.extract("$\\boxed 5$"));
        assertEquals("x^{2}", MathAnswers.extract("\\fbox{x^{2}}"));
        assertNull(MathAnswers.extract("truncated \\boxed{\\frac{1}{"), "an unclosed box is not an answer");
    }

    @Test
    void extractsAnAnswerPhraseOrSection() {
        assertEquals("$42$", MathAnswers.extract("We add them up.\nFinal Answer: The final answer is $42$. I hope it is correct."));
        assertEquals("3.5", MathAnswers.extract("so the answer is 3.5."));
        assertEquals("17", MathAnswers.extract("Work...\nAnswer: 17"));
        assertEquals("(2, 3)", MathAnswers.extract("**Final Answer:** (2, 3)"));
        assertNull(MathAnswers.extract("I do not know."));
        assertNull(MathAnswers.extract(""));
        assertNull(MathAnswers.extract(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$\\dfrac{14}{3}$|\\frac{14}{3}",
            "\\tfrac12|\\frac{1}{2}",
            "\\frac 3 4|\\frac{3}{4}",
            "1,000,000|1000000",
            "1{,}000|1000",
            "90^\\circ|90",
            "90^{\\circ}|90",
            "45°|45",
            "50\\%|50",
            "12 \\text{ cm}|12",
            "10 inches|10",
            "3 m/s^2|3",
            "x = 5|5",
            "y=2x+3|2x+3",
            "\\text{(C)}|C",
            "(B)|B",
            "d|D",
            "\\left( 3, \\frac{\\pi}{2} \\right)|(3,\\frac{\\pi}{2})",
            "\\sqrt2|\\sqrt{2}",
            ".5|0.5",
            "\\$18.90|18.90",
            "5.|5",
            "\\mathrm{~m}|m",
    })
    void normalises(String raw, String normal) {
        assertEquals(normal, MathNormalizer.normalize(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\\frac{1}{2}|0.5",
            "0.5|\\dfrac12",
            "\\boxed{\\text{(A)}}|A",
            "(A)|A",
            "10\\%|10",
            "27|27.0",
            "1,234|1234",
            "\\frac{\\sqrt{3}}{2}|\\frac{\\sqrt3}{2}",
            "2\\sqrt{2}|\\sqrt{8}",
            "\\pi/2|\\frac{\\pi}{2}",
            "x^2+2x+1|(x+1)^2",
            "\\frac{1}{2n+2}|\\frac{1}{2(n+1)}",
            "2^{1009}|2^{1009}",
            "p - q|-q+p",
            "(3, \\frac{\\pi}{2})|\\left( 3, \\frac{\\pi}{2} \\right)",
            "[1, 2)|[1,2)",
            "(-\\infty, 0) \\cup (1, \\infty)|(-\\infty,0)\\cup(1,\\infty)",
            "3, 5|5, 3",
            "x = 7|7",
            "1.6 \\times 10^{-3}|0.0016",
            "45^\\circ|45",
            "12 \\text{ cm}|12",
            "1+2i|2i+1",
            "y = 2x + 3|y=3+2x",
            "\\sin^2 x + \\cos^2 x|1",
            "e^{i\\pi}|e^{i \\pi}",
    })
    void equivalent(String predicted, String reference) {
        assertTrue(MathEquivalence.equivalent(predicted, reference), predicted + " should equal " + reference);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.5|0.51",
            "\\frac{1}{3}|0.33",
            "[1, 2]|(1, 2)",
            "(1, 2)|(2, 1)",
            "x+1|x+2",
            "2^{1009}|2^{1008}",
            "B|A",
            "100|1",
            "3, 5|3, 5, 7",
            "\\sqrt{2}|\\sqrt{3}",
            "x^2|x^3",
            "-1|1",
            "(-\\infty, 0)|(-\\infty, 0]",
            "12|120",
            "5a|5",
    })
    void notEquivalent(String predicted, String reference) {
        assertFalse(MathEquivalence.equivalent(predicted, reference), predicted + " must not equal " + reference);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aime24.jsonl", "aime25.jsonl", "amc23.jsonl", "math500.jsonl", "minerva_math.jsonl", "olympiadbench.jsonl"})
    void everyReferenceAnswerBoxedIsJudgedRightAndAWrongOneWrong(String file) throws Exception {
        Path data = Fixtures.shared("data/math/" + file);
        List<MathItem> items = BenchmarkData.math(data);
        assertFalse(items.isEmpty());
        List<String> failures = new ArrayList<>();
        int wrongAccepted = 0;
        for (MathItem item : items) {
            String gold = item.answers().getFirst();
            String response = "Let us reason.\nSo the result is \\boxed{" + gold + "}.";
            if (!MathBenchmark.correct(item, MathAnswers.extract(response))) failures.add(item.id() + ": " + gold);
            if (MathBenchmark.correct(item, "\\frac{9999}{7}")) wrongAccepted++;
        }
        assertEquals(List.of(), failures, file);
        assertEquals(0, wrongAccepted, file);
    }

    @Test
    void readsEachSetsFieldsAsPublished() throws Exception {
        int[] sizes = {30, 30, 40, 500, 272, 675};
        String[] files = {"aime24.jsonl", "aime25.jsonl", "amc23.jsonl", "math500.jsonl", "minerva_math.jsonl", "olympiadbench.jsonl"};
        for (int i = 0; i < files.length; i++) {
            List<MathItem> items = BenchmarkData.math(Fixtures.shared("data/math/" + files[i]));
            assertEquals(sizes[i], items.size(), files[i]);
            for (MathItem m : items) {
                assertFalse(m.problem().isBlank(), files[i] + " " + m.id());
                assertFalse(m.answers().isEmpty(), files[i] + " " + m.id());
            }
        }
        List<MathItem> minerva = BenchmarkData.math(Fixtures.shared("data/math/minerva_math.jsonl"));
        assertFalse(minerva.getFirst().answers().getFirst().contains("\\boxed"), "Minerva's answer is the boxed part of its solution");
        assertEquals("27.0", BenchmarkData.math(Fixtures.shared("data/math/amc23.jsonl")).getFirst().answers().getFirst());
    }
}
