package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pool cannot wedge (issue 25, "Executor pool"): failed or erroring spawns keep every worker
 * slot and kill what they started, an Error on a driver or on the watchdog fails only the
 * requests it held, and a worker that stops reading cannot block a driver's write. Each test runs
 * in a bounded time (a hang fails it) and checks that every request got an answer.
 */
class PoolHardeningTest {
    static final String DOUBLE = "def f(a):\n    return a * 2";
    /** Catches the worker's own timeout and then blocks without CPU (no CPU limit ends it). */
    static final String STUCK = "import sys\ndef f(a):\n    while True:\n        try:\n            sys.modules['time'].sleep(60)\n        except BaseException:\n            pass";
    static final Duration BOUND = Duration.ofSeconds(60);

    static ExecutorOptions recycling(int workers, int every) {
        return ExecutorOptions.defaults().withWorkers(workers).withMaxTasksPerWorker(every).withTimeoutMs(1000);
    }

    static List<ExecRequest> doubles(int round, int n) {
        List<ExecRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) batch.add(new ExecRequest.Run(DOUBLE, Integer.toString(round * 100 + i)));
        return batch;
    }

    /** Every result is the right answer or a WORKER_CRASH whose message holds {@code why}; returns how many failed. */
    static int checkAnsweredOrFailedWith(List<ExecRequest> batch, List<ExecResult> results, String why) {
        int failed = 0;
        for (int i = 0; i < batch.size(); i++) {
            ExecResult r = results.get(i);
            assertNotNull(r, "request " + i + " got no result");
            if (r.ok()) {
                int a = Integer.parseInt(((ExecRequest.Run) batch.get(i)).input());
                assertEquals(Integer.toString(2 * a), r.output());
            } else {
                failed++;
                assertEquals(ErrorKind.WORKER_CRASH, r.error().kind(), r.toString());
                assertTrue(r.error().message().contains(why), r.toString());
            }
        }
        return failed;
    }

    static void awaitFullPool(PythonExecutor pool) throws InterruptedException {
        int want = pool.options().workers() + pool.options().spareWorkers();
        for (int i = 0; i < 300 && pool.liveWorkers() < want; i++) Thread.sleep(100);
        assertEquals(want, pool.liveWorkers(), "worker slots lost");
    }

    static void assertAllDead(Set<Long> pids) throws InterruptedException {
        for (int i = 0; i < 50 && pids.stream().anyMatch(PoolHardeningTest::alive); i++) Thread.sleep(100);
        for (long pid : pids) assertFalse(alive(pid), "worker process " + pid + " outlived its failed start");
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Spawns fail now and then (after their process started); every slot comes back and no process is left. */
    @Test
    void failedSpawnsKeepEverySlotAndKillWhatTheyStarted() {
        failingSpawns(() -> new IllegalStateException("injected spawn failure"), 8);
    }

    /** As above with an Error (an OOM in a training heap) instead of an exception. */
    @Test
    void anErrorWhileStartingAWorkerKeepsTheSlotAndKillsItsProcess() {
        failingSpawns(() -> new OutOfMemoryError("injected spawn failure"), 3);
    }

    private void failingSpawns(java.util.function.Supplier<Throwable> failure, int failures) {
        assertTimeoutPreemptively(BOUND, () -> {
            Set<Long> failedPids = ConcurrentHashMap.newKeySet();
            try (PythonExecutor pool = Pools.start(recycling(2, 3))) {
                AtomicInteger left = new AtomicInteger(failures);
                pool.launcher().onStarted = p -> {
                    if (left.getAndDecrement() > 0) {
                        failedPids.add(p.pid());
                        sneakyThrow(failure.get());
                    }
                };
                for (int round = 0; round < 8; round++) {
                    List<ExecRequest> batch = doubles(round, 12);
                    checkAnsweredOrFailedWith(batch, pool.execute(batch), "injected spawn failure");
                }
                awaitFullPool(pool);
                List<ExecRequest> last = doubles(9, 12);
                assertEquals(0, checkAnsweredOrFailedWith(last, pool.execute(last), "-"));
                assertEquals(failures, failedPids.size());
            }
            assertAllDead(failedPids);
        });
    }

    /** No worker can start at all: the requests fail at once with the reason instead of waiting a minute each. */
    @Test
    void whenNoWorkerCanStartRequestsFailWithTheReason() {
        assertTimeoutPreemptively(BOUND, () -> {
            try (PythonExecutor pool = Pools.start(recycling(1, 1).withMaxTasksPerWorker(1))) {
                pool.launcher().onStarted = p -> {
                    throw new IllegalStateException("injected spawn failure");
                };
                List<ExecRequest> batch = doubles(0, 6);
                int failed = checkAnsweredOrFailedWith(batch, pool.execute(batch), "injected spawn failure");
                assertTrue(failed >= 4, failed + " failed"); // the worker and the spare serve one request each
            }
        });
    }

    /** An Error on a driver (an OOM) fails the requests that driver held and nothing else; the driver goes on. */
    @Test
    void anErrorOnADriverFailsOnlyItsRequests() {
        assertTimeoutPreemptively(BOUND, () -> {
            try (PythonExecutor pool = Pools.start(recycling(2, 10_000))) {
                AtomicInteger replies = new AtomicInteger();
                pool.onReply = () -> {
                    if (replies.incrementAndGet() == 5) throw new OutOfMemoryError("injected driver failure");
                };
                List<ExecRequest> batch = doubles(0, 40);
                int failed = checkAnsweredOrFailedWith(batch, pool.execute(batch), "injected driver failure");
                assertTrue(failed >= 1, "the injected Error failed no request");
                for (int round = 1; round < 4; round++) {
                    List<ExecRequest> next = doubles(round, 40);
                    assertEquals(0, checkAnsweredOrFailedWith(next, pool.execute(next), "-"));
                }
                awaitFullPool(pool);
            }
        });
    }

    /** An Error on the watchdog does not end it: a program that swallows the worker's own timeout is still killed. */
    @Test
    void anErrorOnTheWatchdogDoesNotStopIt() {
        assertTimeoutPreemptively(BOUND, () -> {
            try (PythonExecutor pool = Pools.start(recycling(1, 10_000))) {
                AtomicInteger rounds = new AtomicInteger();
                Worker.Watchdog.fault = () -> {
                    if (rounds.incrementAndGet() == 1) throw new StackOverflowError("injected watchdog failure");
                };
                Thread.sleep(200);
                ExecResult r = pool.execute(new ExecRequest.Run(STUCK, "1"));
                assertEquals(ErrorKind.TIMEOUT, r.error().kind(), r.toString());
                assertTrue(pool.execute(new ExecRequest.Run(DOUBLE, "4")).ok());
            } finally {
                Worker.Watchdog.fault = null;
            }
        });
    }

    /**
     * A program that swallows the worker's timeout and blocks without CPU stops the worker reading
     * its pipe; the requests behind it (large programs, more than a pipe holds) must not block the
     * driver's write forever: the deadline covers the write.
     */
    @Test
    void aWorkerThatStopsReadingCannotBlockTheWrite() {
        assertTimeoutPreemptively(BOUND, () -> {
            // 3 s: the first request, the deadline's owner while the write blocks, must answer in time on a loaded machine
            try (PythonExecutor pool = Pools.start(recycling(1, 10_000).withTimeoutMs(3000))) {
                List<ExecRequest> batch = new ArrayList<>();
                batch.add(new ExecRequest.Run(DOUBLE, "1"));
                batch.add(new ExecRequest.Run(STUCK, "1"));
                String big = DOUBLE + "\n# " + "x".repeat(19_000);
                for (int i = 0; i < 14; i++) batch.add(new ExecRequest.Run(big, Integer.toString(i)));
                List<ExecResult> results = pool.execute(batch);
                // the first request, answered before the worker got stuck, keeps its answer although the worker was
                // killed while the driver still wrote the requests behind it (Process.destroyForcibly() closed the
                // pipe with the answer in it: 4 of 8 runs reported it TIMEOUT)
                assertTrue(results.get(0).ok(), results.get(0).toString());
                assertEquals("2", results.get(0).output());
                assertEquals(ErrorKind.TIMEOUT, results.get(1).error().kind(), results.get(1).toString());
                for (int i = 0; i < 14; i++) {
                    ExecResult r = results.get(2 + i);
                    assertTrue(r.ok(), r.toString());
                    assertEquals(Integer.toString(2 * i), r.output());
                }
            }
        });
    }

    /**
     * Answers with long error messages (a 19,000-character name in a predicted input) would fill
     * the worker's output pipe while the driver writes a batch of such requests into its input:
     * messages are trimmed and the exchange has a deadline.
     */
    @Test
    void longErrorMessagesCannotFillThePipe() {
        assertTimeoutPreemptively(BOUND, () -> {
            try (PythonExecutor pool = Pools.start(recycling(1, 10_000))) {
                List<ExecRequest> batch = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    batch.add(new ExecRequest.CheckInput(DOUBLE, "2", ("a" + i + "_").repeat(19_000).substring(0, 19_000), Grading.LENIENT));
                }
                List<ExecResult> results = pool.execute(batch);
                for (ExecResult r : results) {
                    assertFalse(r.ok(), r.toString());
                    assertEquals(ErrorKind.SYNTAX, r.error().kind(), () -> r.error().kind() + " " + r.error().message().substring(0, 200));
                    assertTrue(r.error().message().length() <= 1000, "message of " + r.error().message().length() + " chars");
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
