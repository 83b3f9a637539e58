package dev.azr4j.model.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A fixed set of platform threads that run the tasks {@code 0..n-1} of one parallel loop together
 * with the calling thread. Lighter than ForkJoin for the short loops of a matmul: one volatile
 * publish wakes the workers, which spin briefly before parking so that back-to-back calls (decode)
 * do not pay a futex wake-up each time.
 */
final class WorkerPool {

    /** How long an idle worker spins looking for the next loop before it parks (nanoseconds). */
    private static final long SPIN_NANOS = 50_000;

    private final Worker[] workers;
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private volatile Job current;
    private volatile boolean closed;
    private long generation;

    /** Starts {@code threads - 1} daemon workers; the caller of {@link #run} is the last thread. */
    WorkerPool(int threads, String name) {
        workers = new Worker[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(name + "-" + (i + 1));
            workers[i].start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code body.accept(t)} for every {@code t} in {@code [0, tasks)} on the pool and the
     * calling thread, and returns when all have finished. Tasks are handed out dynamically, so a
     * thread slowed by another process does not hold the others back. A call from inside a task,
     * or one made while another thread's loop is running, runs sequentially rather than waiting.
     */
    void run(int tasks, IntConsumer body) {
        if (tasks <= 0) return;
        if (tasks == 1 || workers.length == 0 || Thread.currentThread() instanceof Worker) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        if (dispatchLock.isHeldByCurrentThread() || !dispatchLock.tryLock()) {
            // A nested call, or another thread's loop holds the workers: run here rather than wait.
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        try {
            if (closed) throw new IllegalStateException("this backend has been closed");
            Job job = new Job(++generation, tasks, body, Thread.currentThread());
            current = job;
            for (Worker w : workers) LockSupport.unpark(w);
            job.work();
            job.awaitDone();
            current = null;
            Throwable failure = job.failure.get();
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        } finally {
            dispatchLock.unlock();
        }
    }

    /** Stops the workers once they are idle; later loops are refused. */
    void close() {
        closed = true;
        for (Worker w : workers) LockSupport.unpark(w);
    }

    private static final class Job {
        final long generation;
        final int tasks;
        final IntConsumer body;
        final Thread owner;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(long generation, int tasks, IntConsumer body, Thread owner) {
            this.generation = generation;
            this.tasks = tasks;
            this.body = body;
            this.owner = owner;
        }

        void work() {
            int t;
            while ((t = next.getAndIncrement()) < tasks) {
                try {
                    body.accept(t);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                if (done.incrementAndGet() == tasks) LockSupport.unpark(owner);
            }
        }

        void awaitDone() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (done.get() < tasks) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(this);
            }
        }
    }

    private final class Worker extends Thread {
        private long lastGeneration;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!closed) {
                Job job = awaitJob();
                if (job == null) return;
                lastGeneration = job.generation;
                job.work();
            }
        }

        private Job awaitJob() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                if (closed) return null;
                Job job = current;
                if (job != null && job.generation != lastGeneration) return job;
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(WorkerPool.this);
            }
        }
    }
}
