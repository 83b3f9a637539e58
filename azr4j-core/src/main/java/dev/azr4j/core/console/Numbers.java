package dev.azr4j.core.console;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Compact number formatting for progress lines: three significant digits, no trailing zeros. */
public final class Numbers {
    private Numbers() {}

    public static String compact(Object value) {
        return switch (value) {
            case null -> "-";
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Number n -> compact(n.doubleValue());
            default -> value.toString();
        };
    }

    public static String compact(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
