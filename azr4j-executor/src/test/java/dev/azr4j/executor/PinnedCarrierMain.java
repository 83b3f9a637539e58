package dev.azr4j.executor;

import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link PinnedCarrierTest} in a JVM whose virtual-thread scheduler has one carrier: a
 * CPU-bound virtual thread holds that carrier while the pool recycles a worker every 3 requests.
 * Prints {@code answered N ok M} and exits 0 when every request got its answer.
 */
public final class PinnedCarrierMain {
    public static void main(String[] args) throws Exception {
        try (PythonExecutor pool = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(2).withMaxTasksPerWorker(3))) {
            var pinned = new java.util.concurrent.CountDownLatch(1);
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread hog = Thread.ofVirtual().start(() -> {
                pinned.countDown();
                while (!stop.get()) Thread.onSpinWait(); // never yields its carrier
            });
            pinned.await();
            int answered = 0, ok = 0;
            for (int round = 0; round < 8; round++) {
                List<ExecRequest> batch = new ArrayList<>();
                for (int i = 0; i < 12; i++) batch.add(new ExecRequest.Run("def f(a):\n    return a * 2", Integer.toString(round * 100 + i)));
                List<ExecResult> results = pool.execute(batch);
                for (int i = 0; i < 12; i++) {
                    ExecResult r = results.get(i);
                    if (r != null) answered++;
                    if (r != null && r.ok() && r.output().equals(Integer.toString(2 * (round * 100 + i)))) ok++;
                }
            }
            System.out.println("answered " + answered + " ok " + ok);
            stop.set(true);
            hog.join();
        }
        System.exit(0);
    }
}
