package dev.azr4j.core.console;

import java.time.Duration;

/** Short human-readable durations for progress lines: {@code 4.2s}, {@code 3m05s}, {@code 2h41m}, {@code 3d04h}. */
public final class Durations {
    private Durations() {}

    public static String compact(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 10_000) return String.format("%.1fs", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return s < 60 ? s + "s" : String.format("%dm%02ds", s / 60, s % 60);
        long m = s / 60;
        if (m < 24 * 60) return String.format("%dh%02dm", m / 60, m % 60);
        long h = m / 60;
        return String.format("%dd%02dh", h / 24, h % 24);
    }

    public static String compactNanos(long nanos) {
        return compact(Duration.ofNanos(nanos));
    }
}
