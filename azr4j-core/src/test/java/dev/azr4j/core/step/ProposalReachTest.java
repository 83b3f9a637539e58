package dev.azr4j.core.step;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.curriculum.World;
import org.junit.jupiter.api.Test;

/** The proposers' reach is the fewest operations the world's language writes a program with. */
class ProposalReachTest {
    @Test
    void depthIsTheFewestOperations() {
        ProposalReach reach = new ProposalReach(World.BROAD, 2, 3);
        assertEquals(1, reach.depth("a[::-1]"));
        assertEquals(2, reach.depth("sorted(a)[::-1]"));
        assertEquals(3, reach.depth("sorted(a)[::-1][1:]"));
        assertEquals(0, reach.depth("a"), "the argument alone is no operation");
        assertEquals(0, reach.depth("a.bit_length()"), "outside the world's language");
    }
}
