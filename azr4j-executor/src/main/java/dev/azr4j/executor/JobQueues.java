package dev.azr4j.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Requests waiting for a worker: one deque per driver, chosen by the caller (by program, so that
 * a program keeps going to the worker that has it compiled). A driver takes from its own deque
 * first and from the others when its own is empty, so no request waits while a worker is idle.
 * One permit per queued item: a driver that holds a permit always finds an item, though not always
 * on its first look (see {@link #take}).
 */
final class JobQueues<J> {
    private final List<ConcurrentLinkedDeque<J>> queues = new ArrayList<>();
    private final Semaphore queued = new Semaphore(0);
    private volatile boolean drained;

    JobQueues(int slots) {
        for (int i = 0; i < slots; i++) queues.add(new ConcurrentLinkedDeque<>());
    }

    int slots() {
        return queues.size();
    }

    void addLast(int slot, J item) {
        queues.get(slot).addLast(item);
        queued.release();
    }

    /** Puts an item back at the front of its deque (it was taken back from a retired worker). */
    void addFirst(int slot, J item) {
        queues.get(slot).addFirst(item);
        queued.release();
    }

    /** The next item for this slot's driver, or null when none is queued. */
    J poll(int slot) {
        return queued.tryAcquire() ? take(slot) : null;
    }

    /** As {@link #poll(int)}, waiting up to waitMs for an item. */
    J poll(int slot, long waitMs) throws InterruptedException {
        return queued.tryAcquire(waitMs, TimeUnit.MILLISECONDS) ? take(slot) : null;
    }

    /** Everything still queued, taken out (when the pool closes). */
    List<J> drain() {
        drained = true;
        List<J> all = new ArrayList<>();
        for (ConcurrentLinkedDeque<J> q : queues) {
            for (J item; (item = q.pollFirst()) != null; ) all.add(item);
        }
        return all;
    }

    /**
     * One item, for a caller holding a permit. A single scan can miss it: another driver takes the
     * item this one was heading for while a new one lands in a deque this scan has passed. Returning
     * null then would spend the permit and strand that item with none (a batch waiting on it
     * forever), so the scan repeats until it finds one; there are always at least as many items
     * queued as callers holding permits. Null only after {@link #drain()}: the pool is closing.
     */
    private J take(int slot) {
        int n = queues.size();
        while (true) {
            for (int k = 0; k < n; k++) {
                J item = queues.get((slot + k) % n).pollFirst();
                if (item != null) return item;
            }
            if (drained) return null;
            Thread.onSpinWait();
        }
    }
}
