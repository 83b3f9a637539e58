package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void noItemIsStrandedWhenDriversRaceForItemsInEachOthersDeques() throws Exception {
        // two drivers, each taking from the other's deque when its own is empty, while requests keep
        // arriving in both: a driver whose scan missed an item used to spend its permit and return
        // nothing, leaving that item queued with no permit, and a batch waiting on it for ever
        int producers = 4, perProducer = 50_000, total = producers * perProducer;
        JobQueues<Integer> q = new JobQueues<>(2);
        Set<Integer> taken = ConcurrentHashMap.newKeySet();
        AtomicInteger count = new AtomicInteger();
        long deadline = System.nanoTime() + 30_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            int slot = d;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    while (count.get() < total && System.nanoTime() < deadline) {
                        Integer item = q.poll(slot, 20);
                        if (item != null && taken.add(item)) count.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int slot = ThreadLocalRandom.current().nextInt(2);
                    if (i % 7 == 0) q.addFirst(slot, base + i);
                    else q.addLast(slot, base + i);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(total, count.get(), "every queued item reaches a driver");
        assertNull(q.poll(0), "and nothing is left");
    }
}
