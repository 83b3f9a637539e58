package dev.azr4j.core.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.azr4j.core.run.MetricsReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary's probe rows: from the untrained model's baseline where the run measured one, else from the first curve point. */
class RunSummaryTest {
    private static Map<String, Object> row(long step, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void theFirstMeasurementIsTheStepZeroBaselineWhenTheRunTookOne() {
        MetricsReader.Metrics m = new MetricsReader.Metrics(List.of(
                row(1, "baseline/probe/output/accuracy", 0.01, "baseline/probe/probes-shifted-v1/input/accuracy", 0.0),
                row(25, "probe/output/accuracy", 0.05, "probe/output/best_constant", 0.02, "probe/output/copy", 0.06,
                        "probe/probes-shifted-v1/input/accuracy", 0.03),
                row(50, "probe/output/accuracy", 0.09, "probe/output/best_constant", 0.02, "probe/output/copy", 0.06,
                        "probe/probes-shifted-v1/input/accuracy", 0.04)), 0);
        List<RunSummary.ProbeRow> rows = RunSummary.probeRows(m);
        assertEquals(2, rows.size());
        assertEquals(new RunSummary.ProbeRow("", "output", 0, 0.01, 50, 0.09, 0.02, 0.06), rows.get(0));
        assertEquals(0, rows.get(1).firstStep());
        assertEquals(0.0, rows.get(1).first());
        assertEquals(0.04, rows.get(1).last());
    }

    @Test
    void withoutABaselineTheFirstCurvePointIsTheFirstMeasurement() {
        MetricsReader.Metrics m = new MetricsReader.Metrics(List.of(
                row(1), row(25, "probe/output/accuracy", 0.05), row(50, "probe/output/accuracy", 0.09)), 0);
        RunSummary.ProbeRow r = RunSummary.probeRows(m).getFirst();
        assertEquals(25, r.firstStep());
        assertEquals(0.05, r.first());
    }
}
