package dev.azr4j.model.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** {@link LaneMath} against scalar references: the documented summation order, and exp to 1 ulp. */
class LaneMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** The order {@link LaneMath#sum} documents: lanes i and i + h added for h = L/2, L/4, ..., 1. */
    private static float pairwise(float[] a, int off) {
        float[] x = java.util.Arrays.copyOfRange(a, off, off + L);
        for (int h = L / 2; h >= 1; h /= 2) for (int i = 0; i < h; i++) x[i] += x[i + h];
        return x[0];
    }

    @Test
    void sumsAddTheLanesInTheDocumentedOrder() {
        SplittableRandom r = new SplittableRandom(1);
        float[] acc = new float[17 * L];
        float[] out16 = new float[16], out4 = new float[4];
        for (int rep = 0; rep < 2000; rep++) {
            // magnitudes over many binades, so that another order would round differently
            for (int i = 0; i < acc.length; i++) acc[i] = (float) (r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-20, 20)));
            LaneMath.sums16(acc, out16);
            float[] four = java.util.Arrays.copyOf(acc, 5 * L); // sums4 uses the fifth vector's place as scratch
            LaneMath.sums4(four, out4);
            for (int v = 0; v < 16; v++) {
                float expected = pairwise(acc, v * L);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(LaneMath.sum(FloatVector.fromArray(S, acc, v * L))));
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out16[v]), "sums16 lane " + v);
                if (v < 4) assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out4[v]), "sums4 lane " + v);
            }
        }
    }

    @Test
    void expIsWithinOneUlpOfMathExp() {
        float[] x = new float[L], y = new float[L];
        long worst = 0;
        for (float v = -110f; v < 95f; v += 1.7e-3f) {
            for (int i = 0; i < L; i++) x[i] = v + i * 1e-4f;
            LaneMath.exp(FloatVector.fromArray(S, x, 0)).intoArray(y, 0);
            for (int i = 0; i < L; i++) {
                float ref = (float) Math.exp(x[i]);
                worst = Math.max(worst, Math.abs((long) Float.floatToRawIntBits(ref) - Float.floatToRawIntBits(y[i])));
            }
        }
        assertTrue(worst <= 1, "largest difference " + worst + " ulp");
    }

    @Test
    void expOfSpecialValues() {
        float[] in = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 0f, -0f, 88.72f, 88.73f, -103.9f, -104.5f, -1e30f, 1e30f, 1f};
        for (float v : in) {
            float[] x = new float[L], y = new float[L];
            java.util.Arrays.fill(x, v);
            LaneMath.exp(FloatVector.fromArray(S, x, 0)).intoArray(y, 0);
            float ref = (float) Math.exp(v);
            if (Float.isNaN(ref)) assertTrue(Float.isNaN(y[0]), "exp(NaN)");
            else if (Float.isInfinite(ref)) assertEquals(ref, y[0], "exp(" + v + ")");
            else assertEquals(ref, y[0], Math.ulp(ref), "exp(" + v + ")");
        }
    }

    /**
     * Float lane sums and transcendental lane operations compute different bits in the
     * interpreter, C1 and C2, so the engine uses LaneMath's instead (runs must be reproducible).
     */
    @Test
    void theEngineUsesNoJitTierDependentVectorOperation() throws IOException {
        Pattern banned = Pattern.compile("reduceLanes\\(VectorOperators\\.(ADD|MUL)\\b"
                + "|VectorOperators\\.(EXP|EXPM1|LOG|LOG1P|LOG10|POW|TANH|SINH|COSH|SIN|COS|TAN|ASIN|ACOS|ATAN|ATAN2|CBRT|HYPOT)\\b");
        Path main = Path.of("src/main/java");
        assertTrue(Files.isDirectory(main), "run from the module directory");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("LaneMath.java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (banned.matcher(lines.get(i)).find()) found.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertTrue(found.isEmpty(), "use LaneMath.sum / LaneMath.exp instead:\n" + String.join("\n", found));
    }
}
