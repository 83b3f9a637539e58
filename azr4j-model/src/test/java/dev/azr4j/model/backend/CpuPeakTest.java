package dev.azr4j.model.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuPeakTest {

    @Test
    void fmaPipesFollowTheMicroarchitecture() {
        assertEquals(1, CpuPeak.fmaPipes("AuthenticAMD", "25", 512, true), "Zen 4 double-pumps 512-bit FMAs");
        assertEquals(2, CpuPeak.fmaPipes("AuthenticAMD", "26", 512, true), "Zen 5");
        assertEquals(2, CpuPeak.fmaPipes("GenuineIntel", "6", 512, true));
        assertEquals(2, CpuPeak.fmaPipes("AuthenticAMD", "25", 256, true));
        assertEquals(1, CpuPeak.fmaPipes("GenuineIntel", "6", 256, false));
    }

    @Test
    void estimateIsConsistent() {
        CpuPeak p = CpuPeak.estimate(1, 50);
        assertTrue(p.measuredGflops() > 0, p.describe());
        assertEquals(p.cores() * p.ghz() * p.fmaPipes() * 2 * (p.vectorBits() / 32), p.nominalGflops(), 1e-9);
        assertEquals(Math.max(p.nominalGflops(), p.measuredGflops()), p.peakGflops());
    }
}
