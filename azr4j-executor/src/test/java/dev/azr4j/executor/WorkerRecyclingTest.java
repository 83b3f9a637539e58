package dev.azr4j.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Workers are replaced after {@code maxTasksPerWorker} requests, again and again, without losing a
 * request or the pool (no test covered recycling before). The timeout guards against a hang, not a
 * speed: a 25-minute training run once hung with both drivers waiting for a worker after about
 * 20,000 requests a worker (see the session note); this test does not reproduce that hang.
 */
class WorkerRecyclingTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void manyRecyclingsLoseNoRequestAndNoWorker() {
        try (PythonExecutor pool = Pools.start(ExecutorOptions.defaults().withWorkers(2).withMaxTasksPerWorker(3))) {
            for (int round = 0; round < 8; round++) {
                List<ExecRequest> batch = new ArrayList<>();
                for (int i = 0; i < 12; i++) batch.add(new ExecRequest.Run("def f(a):\n    return a * 2", Integer.toString(round * 100 + i)));
                List<ExecResult> results = pool.execute(batch);
                for (int i = 0; i < 12; i++) {
                    assertTrue(results.get(i).ok(), results.get(i).toString());
                    assertEquals(Integer.toString(2 * (round * 100 + i)), results.get(i).output());
                }
            }
        }
    }
}
