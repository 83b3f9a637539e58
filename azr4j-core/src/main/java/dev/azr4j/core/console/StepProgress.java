package dev.azr4j.core.console;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The progress of a training run as a table: a {@link #header} naming the columns once, then one
 * {@link #line} per step, each cell right-aligned under its label:
 * <pre>
 *  step  elapsed     left  solve% a/d/i ...
 *    12    3m05s   21m55s     12/40/0   ...
 * </pre>
 * The step is shown against the run's last step unless a time budget governs (a step count far
 * beyond the budget says nothing). What is left is the budget's remainder, or the mean time of
 * the steps run since this object was created (a resumed run does not count earlier steps) times the
 * steps left, whichever is smaller. The caller chooses the other columns.
 */
public final class StepProgress {
    /** A column after the step and times: its label, and the width its values are right-aligned to (at least the label's). */
    public record Column(String label, int width) {
        public Column {
            width = Math.max(width, label.length());
        }
    }

    private final long firstStep;
    private final long totalSteps;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long budgetNanos;   // 0: no time limit
    private List<Column> columns = List.of();

    /**
     * @param firstStep  the first step this process runs (1, or the step after the resumed checkpoint)
     * @param totalSteps the last step of the run
     */
    public StepProgress(long firstStep, long totalSteps) {
        this(firstStep, totalSteps, System::nanoTime);
    }

    public StepProgress(long firstStep, long totalSteps, LongSupplier nanoClock) {
        this.firstStep = firstStep;
        this.totalSteps = totalSteps;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Bounds what is left by a time budget counted from now ({@code run.max_minutes}); null or 0: none. Returns this. */
    public StepProgress withTimeLimit(Double maxMinutes) {
        this.budgetNanos = maxMinutes == null || maxMinutes <= 0 ? 0 : (long) (maxMinutes * 60e9);
        return this;
    }

    /** The columns after the step and times. Returns this. */
    public StepProgress withColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
        return this;
    }

    /** The labels of every column, aligned as the lines are. */
    public String header() {
        StringBuilder sb = new StringBuilder(120);
        sb.append(pad("step", stepWidth())).append("  ").append(pad("elapsed", 7)).append("  ").append(pad("left", 8));
        for (Column c : columns) sb.append("  ").append(pad(c.label(), c.width()));
        return sb.toString();
    }

    /** The line for the step just finished; {@code cells} are the columns' values, in order (missing ones are shown as "-"). */
    public String line(long step, List<String> cells) {
        long elapsed = nanoClock.getAsLong() - startNanos;
        long done = Math.max(1, step - firstStep + 1);
        long stepsLeft = Math.max(0, totalSteps - step);
        long left = (long) ((double) elapsed / done * stepsLeft);
        boolean byTime = budgetNanos > 0 && budgetNanos - elapsed < left;
        if (byTime) left = Math.max(0, budgetNanos - elapsed);
        String stepText = budgetNanos > 0 ? Long.toString(step) : step + "/" + totalSteps;
        StringBuilder sb = new StringBuilder(120);
        sb.append(pad(stepText, stepWidth())).append("  ").append(pad(Durations.compactNanos(elapsed), 7))
                .append("  ").append(pad(stepsLeft == 0 ? "done" : Durations.compactNanos(left), 8));
        for (int i = 0; i < columns.size(); i++) {
            String v = i < cells.size() && cells.get(i) != null ? cells.get(i) : "-";
            sb.append("  ").append(pad(v, columns.get(i).width()));
        }
        return sb.toString();
    }

    private int stepWidth() {
        int digits = Long.toString(totalSteps).length();
        return Math.max(4, budgetNanos > 0 ? Math.min(digits, 6) : 2 * digits + 1);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
