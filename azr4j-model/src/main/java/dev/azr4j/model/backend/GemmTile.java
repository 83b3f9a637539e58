package dev.azr4j.model.backend;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;

/**
 * The choice of {@link MicroKernel}'s tile height, kept apart from the kernel so that a bad
 * override can be reported before the kernel's class is first used (a failure there would be an
 * {@link ExceptionInInitializerError}, not a message).
 */
final class GemmTile {
    /** The JVM system property that forces a tile height: {@code -Dazr4j.gemm.rows=4|8}. */
    static final String PROPERTY = "azr4j.gemm.rows";

    private GemmTile() {}

    /**
     * Checks the override alone ({@code -Dazr4j.gemm.rows}), touching no vector class: commands
     * that never compute (the executor's) run without {@code jdk.incubator.vector}.
     */
    static void checkOverride() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) rows(override, 16);
    }

    /** The tile height of this JVM: the override if one is given, else the one for this machine's registers. */
    static int rows() {
        return rows(System.getProperty(PROPERTY), vectorRegisters());
    }

    /** The vector registers the JIT allocates on this machine: 16 on x86 below AVX-512, else 32. */
    static int vectorRegisters() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86");
        return x86 && FloatVector.SPECIES_PREFERRED.vectorBitSize() < 512 ? 16 : 32;
    }

    /** The tile height: the override if one is given (4 or 8), else 4 for 16 registers and 8 for more. */
    static int rows(String override, int registers) {
        if (override == null || override.isBlank()) return registers <= 16 ? 4 : 8;
        return switch (override.strip()) {
            case "4" -> 4;
            case "8" -> 8;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be 4 or 8, got '" + override + "'");
        };
    }
}
