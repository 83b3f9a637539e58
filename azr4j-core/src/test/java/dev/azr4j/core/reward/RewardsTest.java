package dev.azr4j.core.reward;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class RewardsTest {
    private final Rewards original = new Rewards(RewardSettings.ORIGINAL);

    @Test
    void solverRewardIsTernary() {
        assertEquals(1.0, original.solver(true, true));
        assertEquals(-0.5, original.solver(true, false));
        assertEquals(-1.0, original.solver(false, true));
        assertEquals(-1.0, original.solver(false, false));
    }

    @Test
    void learnabilityIsOneMinusRateExceptAtTheExtremes() {
        assertEquals(0.0, Rewards.learnability(0.0));
        assertEquals(0.0, Rewards.learnability(1.0));
        assertEquals(0.625, Rewards.learnability(3.0 / 8), 1e-12);
        assertEquals(0.875, Rewards.learnability(1.0 / 8), 1e-12);
    }

    @Test
    void proposerReward() {
        assertEquals(-1.0, original.proposer(false, true, 0.5));
        assertEquals(-1.0, original.proposer(true, false, 0.5));
        assertEquals(-0.5, original.proposer(true, true, 0.0));
        assertEquals(-0.5, original.proposer(true, true, 1.0));
        assertEquals(0.75, original.proposer(true, true, 0.25), 1e-12);
        Rewards paper = new Rewards(new RewardSettings(-1.0, -0.5, 0.0));
        assertEquals(0.0, paper.proposer(true, true, 1.0));
    }

    @Test
    void answerCacheChecksEachDistinctAnswerOnce() {
        AnswerCache c = new AnswerCache();
        for (String a : List.of("1", "2", "1", "1", "3", "2", "1", "x")) c.add(a);
        assertEquals(List.of("1", "2", "3", "x"), c.distinct());
        // "1" correct (4 rollouts), "3" correct (1): 5 of 8
        assertEquals(5.0 / 8, c.meanScore(List.of(1.0, 0.0, 1.0, 0.0)), 1e-12);
        assertEquals(0.0, new AnswerCache().meanScore(List.of()));
    }
}
