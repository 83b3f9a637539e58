package dev.azr4j.core.step;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.core.grammar.GrammarSource;
import dev.azr4j.core.policy.Completion;
import dev.azr4j.core.policy.FinishReason;
import dev.azr4j.core.task.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The proposal memory and the control arm's permutation, on their own. */
class StepPartsTest {
    @Test
    void theShuffleKeepsTheRewardsInAnotherOrder() {
        double[] r = {-1, -0.5, 0, 0.25, 1, 1};
        boolean moved = false;
        for (long seed = 0; seed < 5; seed++) {
            double[] p = r.clone();
            ShuffledControl.shuffle(p, new SplittableRandom(seed));
            double[] sorted = p.clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(r, sorted, "the same rewards");
            moved |= !java.util.Arrays.equals(r, p);
        }
        assertTrue(moved, "in another order");
    }

    @Test
    void theMemoryKeepsTheNewestAndDrawsFromWhatItHolds() {
        ProposalMemory m = new ProposalMemory(2);
        var rng = new SplittableRandom(1);
        assertTrue(m.draw(TaskType.DEDUCTION, 3, rng).isEmpty());
        List<Completion> cs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var c = new Completion("x" + i, new int[] {1}, new int[] {i}, new float[] {-1f},
                    FinishReason.STOP, null);
            cs.add(c);
            m.remember(TaskType.DEDUCTION, c);
        }
        assertEquals(2, m.size(TaskType.DEDUCTION));
        var drawn = m.draw(TaskType.DEDUCTION, 50, rng);
        assertEquals(50, drawn.size());
        assertFalse(drawn.contains(cs.get(0)), "the oldest is gone");
        assertTrue(drawn.contains(cs.get(1)) && drawn.contains(cs.get(2)));
        assertEquals(0, m.size(TaskType.ABDUCTION));
    }

    @Test
    void theMemorySavedIsTheMemoryRestoredInOrderAndBitForBit() throws Exception {
        ProposalMemory m = new ProposalMemory(3);
        GrammarSource g = GrammarSource.text("g", "root ::= \"a\"");
        for (int i = 0; i < 4; i++)
            m.remember(TaskType.INDUCTION, new Completion("x" + i, new int[] {1, i}, new int[] {i, 7}, new float[] {-0.1f * i, Float.MIN_VALUE},
                    i % 2 == 0 ? FinishReason.STOP : FinishReason.LENGTH, i == 1 ? g : null));
        ObjectMapper json = new ObjectMapper();
        ProposalMemory back = new ProposalMemory(3);
        back.restoreState(json.readTree(json.writeValueAsString(m.saveState())));
        assertEquals(3, back.size(TaskType.INDUCTION));
        List<Completion> a = m.draw(TaskType.INDUCTION, 20, new SplittableRandom(4)), b = back.draw(TaskType.INDUCTION, 20, new SplittableRandom(4));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).text(), b.get(i).text());
            assertArrayEquals(a.get(i).promptIds(), b.get(i).promptIds());
            assertArrayEquals(a.get(i).tokenIds(), b.get(i).tokenIds());
            assertArrayEquals(a.get(i).logprobs(), b.get(i).logprobs());
            assertEquals(a.get(i).finishReason(), b.get(i).finishReason());
            assertEquals(a.get(i).grammar(), b.get(i).grammar());
        }
        assertThrows(IllegalArgumentException.class, () -> back.restoreState(json.readTree("{\"induction\": [{\"text\": \"x\"}]}")));
    }
}
