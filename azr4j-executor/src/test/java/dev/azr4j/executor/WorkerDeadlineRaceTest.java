package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog reads a worker's deadline, then kills it if that deadline has passed. Between the
 * two steps the worker may answer and the driver start waiting for the next request: the stale
 * deadline must then kill nothing (it once killed the worker and reported the next, innocent
 * request as TIMEOUT). The test plays the watchdog and puts its two steps around that moment.
 */
class WorkerDeadlineRaceTest {
    static final String BUSY = "def f(n):\n    x = 0\n    for i in range(n):\n        x += i\n    return n";

    @Test
    @Timeout(60)
    void aStaleDeadlineKillsNoInnocentRequest() throws Exception {
        PythonInterpreter python;
        try {
            python = PythonInterpreter.locate("python3");
        } catch (ExecutorUnavailableException e) {
            assumeTrue(false, "skipped: " + e.getMessage());
            return;
        }
        ExecutorOptions options = ExecutorOptions.defaults().withWorkers(1).withTimeoutMs(5000);
        Path root = Files.createTempDirectory("azr4j-race-");
        WorkerLauncher launcher = new WorkerLauncher(options, python, Isolation.detect(python, false), root, new ObjectMapper());
        Worker worker = launcher.start();
        try {
            byte[] a = Wire.encode(new ExecRequest.Run(BUSY, "3000000"), options.timeoutMs());
            byte[] b = Wire.encode(new ExecRequest.Run(BUSY, "6000000"), options.timeoutMs());
            long budget = TimeUnit.SECONDS.toNanos(5);
            worker.arm(System.nanoTime() + budget);
            String[] nonces = worker.send(List.of(a, b));
            CountDownLatch aAnswered = new CountDownLatch(1);
            AtomicReference<Worker.Reply> replyA = new AtomicReference<>(), replyB = new AtomicReference<>();
            Thread driver = Thread.ofPlatform().start(() -> {
                replyA.set(worker.receive(nonces[0], 0));
                aAnswered.countDown();
                worker.arm(System.nanoTime() + budget);
                replyB.set(worker.receive(nonces[1], 0));
            });
            // the watchdog's first step, while A is awaited
            long seenA = 0;
            while (seenA == 0) seenA = worker.armedDeadline();
            aAnswered.await();
            // A answered and B is awaited under a deadline of its own
            long d;
            do {
                d = worker.armedDeadline();
            } while (d == 0 || d == seenA);
            // the watchdog's second step, with what it read for A and a clock past A's deadline
            worker.killIfOverdue(seenA, seenA);
            driver.join();
            assertEquals(Worker.Status.ANSWER, replyA.get().status());
            assertEquals(Worker.Status.ANSWER, replyB.get().status(), "B was killed by A's deadline: " + replyB.get());
            assertNotEquals(null, replyB.get().answer());
            org.junit.jupiter.api.Assertions.assertFalse(replyB.get().killed());
        } finally {
            launcher.retire(worker);
            Dirs.deleteQuietly(root);
        }
    }
}
