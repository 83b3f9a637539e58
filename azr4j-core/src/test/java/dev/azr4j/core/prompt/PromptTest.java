package dev.azr4j.core.prompt;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.buffer.CapPolicy;
import dev.azr4j.core.buffer.SolveMix;
import dev.azr4j.core.buffer.TaskBuffers;
import dev.azr4j.core.step.SelfPlaySettings;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PromptTest {
    private final PromptTemplates full = new PromptTemplates(PromptStyle.FULL, SelfPlaySettings.ORIGINAL_BANNED);

    private static Triplet t(int i) {
        return new Triplet("def f(a):\n    return a + " + i, String.valueOf(i), String.valueOf(2 * i), List.of());
    }

    @Test
    void everyPromptIsWrappedAndEndsWithThink() {
        List<String> all = List.of(
                full.proposeProgram(TaskType.ABDUCTION, List.of(t(1))), full.proposeProgram(TaskType.DEDUCTION, List.of()),
                full.proposeInputs(t(1), 10), full.solveAbduction(t(1)), full.solveDeduction(t(1)),
                full.solveInduction(InductionProblem.identity()));
        for (String p : all) {
            assertTrue(p.startsWith("A conversation between User and Assistant."), p);
            assertTrue(p.endsWith("\nAssistant: <think>"), p);
            assertEquals(1, p.split("Assistant:", -1).length - 1, "exactly one 'Assistant:' marker");
            assertTrue(p.contains("\nUser: "));
        }
    }

    @Test
    void proposerPromptShowsReferencesAndBannedWords() {
        String p = full.proposeProgram(TaskType.ABDUCTION, List.of(t(1), t(2)));
        assertTrue(p.contains("<snippet_0>\n```python\ndef f(a):\n    return a + 1\n```\n```input\n1\n```\n```output\n2\n```\n</snippet_0>"));
        assertTrue(p.contains("<snippet_1>"));
        assertFalse(p.contains("<snippet_2>"));
        assertTrue(p.contains("hashlib") && p.contains("os.environ"));
        assertEquals(1, p.split("datetime", -1).length - 1, "the duplicate banned entry is listed once");
        assertTrue(p.contains("```python") && p.contains("```input"));
    }

    @Test
    void inductionPromptsShowTheProgramOrOnlyTheGivenPairs() {
        String propose = full.proposeInputs(t(3), 10);
        assertTrue(propose.contains("def f(a):\n    return a + 3\nf(<|YOUR INPUT WILL BE PLUGGED HERE|>)\n```"));
        assertTrue(propose.contains("10"));
        InductionProblem p = new InductionProblem("def f(a):\n    return a * 1", List.of("1", "2", "3", "4"), List.of("1", "2", "3", "4"), "echo", List.of());
        String solve = full.solveInduction(p);
        assertTrue(solve.contains("```input_0\n1\n```\n```output_0\n1\n```") && solve.contains("```input_1\n2\n```"));
        assertFalse(solve.contains("```input_2"), "hidden pairs are not shown");
        assertFalse(solve.contains("return a * 1"), "the program is not shown");
        assertTrue(solve.contains("```message\necho\n```"));
    }

    @Test
    void solvePromptsShowWhatTheRoleMayKnow() {
        Triplet task = new Triplet("def f(a):\n    return a * 7", "6", "42", List.of());
        String abd = full.solveAbduction(task), ded = full.solveDeduction(task);
        assertTrue(abd.contains("```output\n42\n```") && !abd.contains("```input\n6\n```"));
        assertTrue(ded.contains("```input\n6\n```") && !ded.contains("```output\n42\n```"));
    }

    @Test
    void builderSamplesKReferencesAndShrinksToFit() {
        TaskBuffers buffers = new TaskBuffers(100, CapPolicy.DROP_OLDEST, true);
        for (int i = 0; i < 10; i++) buffers.abduction().add(t(i), 0);
        PromptBuilder b = new PromptBuilder(full, buffers, 6, false, 10, String::length, 100_000);
        ProposePrompt p = b.propose(TaskType.ABDUCTION, new SplittableRandom(1));
        assertEquals(6, p.references().size());
        assertEquals(6, p.references().stream().distinct().count());
        for (Triplet r : p.references()) assertTrue(p.text().contains(r.program()));
        int oneRef = full.proposeProgram(TaskType.ABDUCTION, List.of(t(1))).length();
        PromptBuilder tight = new PromptBuilder(full, buffers, 6, false, 10, String::length, oneRef + 2);
        assertTrue(tight.propose(TaskType.ABDUCTION, new SplittableRandom(1)).references().size() <= 1);
    }

    @Test
    void inductionProposalUsesAProgramFromTheTripletBuffers() {
        TaskBuffers buffers = new TaskBuffers(100, CapPolicy.DROP_OLDEST, true);
        buffers.deduction().add(t(5), 0);
        PromptBuilder b = new PromptBuilder(full, buffers, 6, false, 10, String::length, 100_000);
        ProposePrompt p = b.propose(TaskType.INDUCTION, new SplittableRandom(1));
        assertEquals(t(5), p.program());
        assertTrue(p.text().contains(t(5).program()));
    }

    @Test
    void solveTasksSkipThoseThatDoNotFit() {
        TaskBuffers buffers = new TaskBuffers(100, CapPolicy.DROP_OLDEST, true);
        buffers.deduction().add(t(1), 0);
        buffers.deduction().add(new Triplet("def f(a):\n    return a" + " ".repeat(5000), "1", "1", List.of()), 0);
        int limit = full.solveDeduction(t(1)).length() + 10;
        PromptBuilder b = new PromptBuilder(full, buffers, 6, false, 10, String::length, limit);
        List<?> tasks = b.solveTasks(TaskType.DEDUCTION, 4, 1, SolveMix.MAX_NEW, new SplittableRandom(3));
        assertEquals(4, tasks.size());
        assertTrue(tasks.stream().allMatch(t(1)::equals));
    }
}
