package dev.azr4j.core.loop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request to stop training after the current step. {@link #onSigint} turns the first Ctrl-C into
 * such a request (the loop then checkpoints and returns normally, exit code 0); a second Ctrl-C
 * exits at once with 130.
 *
 * <p>The handler uses {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK) because
 * it is the only way to keep the JVM alive on SIGINT. Where it cannot be installed (e.g. under
 * {@code -Xrs}) a shutdown hook makes the JVM wait, up to a limit, for the loop to finish its step
 * and checkpoint before exiting.
 */
public final class StopSignal {
    private static final long HOOK_WAIT_MINUTES = 10;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    public boolean requested() {
        return requested.get();
    }

    public void request() {
        requested.set(true);
    }

    /** Called by the loop when it has stopped (after its last checkpoint). */
    public void finished() {
        done.countDown();
    }

    /** A stop signal fed by SIGINT; {@code notice} is run (once) on the first Ctrl-C, e.g. to print a message. */
    public static StopSignal onSigint(Runnable notice) {
        StopSignal stop = new StopSignal();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                if (stop.requested.getAndSet(true)) {
                    Runtime.getRuntime().halt(130);
                }
                notice.run();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (stop.done.getCount() == 0) return;
                stop.request();
                notice.run();
                try {
                    stop.done.await(HOOK_WAIT_MINUTES, TimeUnit.MINUTES);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }, "azr-stop"));
        }
        return stop;
    }
}
