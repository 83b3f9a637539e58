package dev.azr4j.core.console;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress of a long phase (loading, evaluation, benchmarks) with an ETA. On a terminal it is a
 * bar redrawn in place at most ten times a second; elsewhere (a pipe, a file, {@code TERM=dumb})
 * it prints a plain line at every tenth of the work and at least once a minute. Safe to advance
 * from several threads.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long PLAIN_LINE_NANOS = 60_000_000_000L;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long done;
    private long lastPrintNanos;
    private int lastTenth;
    private int lastWidth;
    private boolean closed;

    /** A bar on stderr, drawn in place when the console is a terminal. */
    public static ProgressBar start(String label, long total) {
        return new ProgressBar(label, total, System.err, Terminal.isInteractive(), System::nanoTime);
    }

    /** @param total units of work; 0 or less when unknown (then only the count is shown) */
    public ProgressBar(String label, long total, PrintStream out, boolean interactive, LongSupplier nanoClock) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    public void advance() {
        advance(1);
    }

    public synchronized void advance(long n) {
        set(done + n);
    }

    public synchronized void set(long newDone) {
        if (closed) return;
        done = newDone;
        long now = nanoClock.getAsLong();
        if (interactive) {
            if (now - lastPrintNanos >= REDRAW_NANOS || (total > 0 && done >= total)) draw(now);
        } else {
            int tenth = total > 0 ? (int) Math.min(10, done * 10 / total) : 0;
            if (tenth > lastTenth || now - lastPrintNanos >= PLAIN_LINE_NANOS) {
                lastTenth = tenth;
                if (total <= 0 || done < total) printLine(now);
            }
        }
    }

    /** Prints the final state: {@code label: 27/27 in 12.3s}. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        String text = label + ": " + (total > 0 ? done + "/" + total : done + " done") + " in "
                + Durations.compactNanos(nanoClock.getAsLong() - startNanos);
        if (interactive) {
            out.print("\r" + pad(text) + "\n");
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** The current text: {@code label [#####-----]  45%  12/27  eta 13s}. */
    synchronized String render(long now) {
        long elapsed = now - startNanos;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1.0, (double) done / total);
            int filled = (int) Math.round(f * BAR_WIDTH);
            if (interactive) {
                sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
            }
            sb.append(String.format("%3d%%  %d/%d", (int) Math.floor(f * 100), done, total));
            if (done > 0 && done < total) {
                sb.append("  eta ").append(Durations.compactNanos((long) ((double) elapsed / done * (total - done))));
            }
        } else {
            sb.append(done).append(" done");
        }
        sb.append("  ").append(Durations.compactNanos(elapsed));
        return sb.toString();
    }

    private void draw(long now) {
        out.print("\r" + pad(render(now)));
        out.flush();
        lastPrintNanos = now;
    }

    private void printLine(long now) {
        out.println(render(now));
        out.flush();
        lastPrintNanos = now;
    }

    /** Pads with spaces so a shorter redraw erases the end of a longer one. */
    private String pad(String text) {
        String padded = text.length() < lastWidth ? text + " ".repeat(lastWidth - text.length()) : text;
        lastWidth = text.length();
        return padded;
    }
}
