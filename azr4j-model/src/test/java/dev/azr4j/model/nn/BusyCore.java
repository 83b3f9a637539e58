package dev.azr4j.model.nn;

/**
 * A thread spinning on one core while open, so that the compute threads of a test are descheduled
 * at other moments than in a quiet run (reproducibility tests).
 */
public final class BusyCore implements AutoCloseable {
    private volatile boolean stop;
    private final Thread thread = new Thread(this::spin, "busy-core");

    private BusyCore() {}

    public static BusyCore start() {
        BusyCore b = new BusyCore();
        b.thread.setDaemon(true);
        b.thread.start();
        return b;
    }

    private void spin() {
        long x = 0;
        while (!stop) x += System.nanoTime() & 1;
        if (x == 42) Thread.onSpinWait(); // keeps x alive
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
