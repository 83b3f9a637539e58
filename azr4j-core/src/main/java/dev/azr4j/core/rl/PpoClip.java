package dev.azr4j.core.rl;

/**
 * The per-token PPO-clip surrogate (spec §7.2) with an asymmetric clip range:
 * {@code ℓ = max(−A·ρ, −A·clip(ρ, 1−εlow, 1+εhigh))}, {@code ρ = exp(logπ − logπ_old)}, and the
 * optional k3 ("low-variance") KL to a frozen reference, as veRL computes it. Engines call
 * {@link #token} for each response token and back-propagate {@link Token#dLogp()} into logπ.
 */
public final class PpoClip {
    private final double clipLow;
    private final double clipHigh;

    public PpoClip(double clipLow, double clipHigh) {
        this.clipLow = clipLow;
        this.clipHigh = clipHigh;
    }

    /** Loss of one token, its derivative with respect to logπ, and whether the clipped branch was taken. */
    public record Token(double loss, double dLogp, boolean clipped) {}

    public Token token(double logp, double oldLogp, double advantage) {
        double ratio = Math.exp(logp - oldLogp);
        double unclipped = -advantage * ratio;
        double clippedRatio = Math.min(Math.max(ratio, 1 - clipLow), 1 + clipHigh);
        double clipped = -advantage * clippedRatio;
        if (clipped > unclipped) return new Token(clipped, 0.0, true);
        return new Token(unclipped, -advantage * ratio, false);
    }

    /**
     * k3 estimate of KL(π‖π_ref) for one token, and its derivative with respect to logπ. Like veRL's
     * {@code low_var_kl}, the log-ratio is clamped to ±20 and the estimate to ±10; where a clamp binds
     * the value is constant, so the derivative is 0 there (as autograd gives), not {@code 1 − e^d}.
     */
    public static Token klK3(double logp, double refLogp) {
        double raw = refLogp - logp;
        double d = Math.max(-20, Math.min(20, raw));
        double e = Math.exp(d);
        double k3 = e - d - 1;
        double kl = Math.max(-10, Math.min(10, k3));
        boolean clamped = d != raw || kl != k3;
        return new Token(kl, clamped ? 0.0 : 1 - e, clamped);
    }
}
