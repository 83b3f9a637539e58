package dev.azr4j.eval;

import java.util.List;

/**
 * The unbiased pass@k estimator of Chen et al. (2021): with n samples of which c are correct,
 * pass@k = 1 − C(n−c, k) / C(n, k), computed as a product so that it is stable for large n.
 */
public final class PassAtK {
    private PassAtK() {}

    public static double estimate(int n, int c, int k) {
        if (k < 1 || k > n) throw new IllegalArgumentException("need 1 <= k <= n, got n=" + n + ", k=" + k);
        if (c < 0 || c > n) throw new IllegalArgumentException("need 0 <= c <= n, got n=" + n + ", c=" + c);
        if (n - c < k) return 1.0;
        double fail = 1.0;
        for (int i = n - c + 1; i <= n; i++) fail *= 1.0 - (double) k / i;
        return 1.0 - fail;
    }

    /** The mean of pass@k over items, each a list of per-sample verdicts; items with fewer than k samples are skipped. NaN when none has k. */
    public static double mean(List<List<Boolean>> verdicts, int k) {
        double sum = 0;
        int items = 0;
        for (List<Boolean> v : verdicts) {
            if (v.size() < k) continue;
            int c = 0;
            for (Boolean b : v) if (Boolean.TRUE.equals(b)) c++;
            sum += estimate(v.size(), c, k);
            items++;
        }
        return items == 0 ? Double.NaN : sum / items;
    }
}
