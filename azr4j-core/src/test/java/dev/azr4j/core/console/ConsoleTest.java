package dev.azr4j.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void durations() {
        assertEquals("0.0s", Durations.compact(Duration.ZERO));
        assertEquals("4.2s", Durations.compact(Duration.ofMillis(4200)));
        assertEquals("42s", Durations.compact(Duration.ofSeconds(42)));
        assertEquals("3m05s", Durations.compact(Duration.ofSeconds(185)));
        assertEquals("2h41m", Durations.compact(Duration.ofMinutes(161)));
        assertEquals("3d04h", Durations.compact(Duration.ofHours(76)));
    }

    @Test
    void numbers() {
        assertEquals("0.423", Numbers.compact(0.42345));
        assertEquals("1", Numbers.compact(1.0));
        assertEquals("1.00e-06", Numbers.compact(1e-6));
        assertEquals("12300", Numbers.compact(12345.0));
        assertEquals("7", Numbers.compact(7L));
        assertEquals("nan", Numbers.compact(Double.NaN));
        assertEquals("-", Numbers.compact((Object) null));
    }

    @Test
    void stepLinesAreColumnsUnderOneHeader() {
        AtomicLong clock = new AtomicLong();
        StepProgress p = new StepProgress(11, 20, clock::get)
                .withColumns(List.of(new StepProgress.Column("loss", 6), new StepProgress.Column("valid% a/d/i", 12)));
        assertEquals(" step  elapsed      left    loss  valid% a/d/i", p.header());
        clock.addAndGet(20 * SECOND);
        // two steps (11, 12) took 20 s: 8 left at 10 s each
        String line = p.line(12, List.of("0.123", "50/100/0"));
        assertEquals("12/20      20s     1m20s   0.123      50/100/0", line);
        assertEquals(p.header().length(), line.length(), "every cell under its label");
        clock.addAndGet(80 * SECOND);
        assertEquals("20/20    1m40s      done       -             -", p.line(20, List.of()));

        // under a time budget the step stands alone and what is left is the budget's remainder
        StepProgress t = new StepProgress(1, 100000, clock::get).withTimeLimit(2.0);
        clock.addAndGet(30 * SECOND);
        assertEquals("     3      30s     1m30s", t.line(3, List.of()));
        assertTrue(t.header().length() <= 120);
        StepProgress loose = new StepProgress(1, 4, clock::get).withTimeLimit(60.0);
        clock.addAndGet(10 * SECOND);
        assertEquals("   2      10s       10s", loose.line(2, List.of()));
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainProgressPrintsAtEveryTenthAndNoCarriageReturns() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        try (ProgressBar bar = new ProgressBar("eval", 200, new PrintStream(b, true), false, clock::get)) {
            for (int i = 0; i < 200; i++) {
                clock.addAndGet(SECOND / 10);
                bar.advance();
            }
        }
        List<String> lines = text(b).lines().toList();
        assertEquals(10, lines.size(), text(b));
        assertTrue(lines.getFirst().startsWith("eval  10%  20/200  eta 18s"), lines.getFirst());
        assertEquals("eval: 200/200 in 20s", lines.getLast());
        assertFalse(text(b).contains("\r"));
    }

    @Test
    void plainProgressPrintsAtLeastOnceAMinute() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ProgressBar bar = new ProgressBar("load", 1000, new PrintStream(b, true), false, clock::get);
        clock.addAndGet(61 * SECOND);
        bar.advance();
        assertEquals(1, text(b).lines().count(), text(b));
    }

    @Test
    void interactiveBarRedrawsInPlaceAtMostTenTimesASecond() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        try (ProgressBar bar = new ProgressBar("load", 4, new PrintStream(b, true), true, clock::get)) {
            bar.advance();
            clock.addAndGet(SECOND);
            bar.advance();
            bar.advance();
        }
        String t = text(b);
        assertEquals(1, t.chars().filter(c -> c == '\n').count(), "one newline, at the end: " + t);
        assertTrue(t.contains("\rload [############------------]  50%  2/4  eta 1.0s  1.0s"), t);
        assertTrue(t.stripTrailing().endsWith("\rload: 3/4 in 1.0s"), t);
    }

    @Test
    void unknownTotalShowsACount() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("scan", 0, new PrintStream(b, true), false, () -> 0);
        assertEquals("scan 5 done  0.0s", advanceAndRender(bar, 5));
        bar.close();
        assertEquals("scan: 5 done in 0.0s", text(b).strip());
    }

    private static String advanceAndRender(ProgressBar bar, int n) {
        for (int i = 0; i < n; i++) bar.advance();
        return bar.render(0);
    }
}
