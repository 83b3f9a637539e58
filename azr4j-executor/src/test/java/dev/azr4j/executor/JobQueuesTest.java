package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobQueuesTest {
    @Test
    void aDriverTakesFromItsOwnDequeFirstThenFromTheOthers() throws InterruptedException {
        JobQueues<String> q = new JobQueues<>(2);
        q.addLast(1, "b1");
        q.addLast(0, "a1");
        q.addLast(1, "b2");
        assertEquals("a1", q.poll(0));
        assertEquals("b1", q.poll(0)); // its own is empty: takes the other's oldest
        assertEquals("b2", q.poll(1, 10));
        assertNull(q.poll(0));
        assertNull(q.poll(1, 5));
    }

    @Test
    void requestsTakenBackGoFirstInLine() {
        JobQueues<String> q = new JobQueues<>(3);
        q.addLast(2, "later");
        q.addFirst(2, "second");
        q.addFirst(2, "first");
        assertEquals(List.of("first", "second", "later"), List.of(q.poll(2), q.poll(2), q.poll(2)));
    }

    @Test
    void drainTakesEverythingAndLeavesNothingToWaitFor() throws InterruptedException {
        JobQueues<String> q = new JobQueues<>(2);
        q.addLast(0, "x");
        q.addLast(1, "y");
        assertEquals(List.of("x", "y"), q.drain());
        assertNull(q.poll(0)); // a permit without an item gives nothing rather than waiting
        assertNull(q.poll(1, 5));
    }
}
