package dev.azr4j.core.config;

/**
 * The {@code optim} section: the policy update (AdamW with PPO-clip loss).
 *
 * @param lr           peak learning rate
 * @param weightDecay  AdamW decoupled weight decay
 * @param beta1        AdamW first-moment decay
 * @param beta2        AdamW second-moment decay
 * @param eps          AdamW epsilon
 * @param gradClip     global gradient-norm clip; 0 = off
 * @param schedule     learning-rate schedule
 * @param warmupSteps  steps of linear warm-up (for {@code linear_warmup} and {@code cosine})
 * @param clipLow      PPO clip range below 1 (ratio floor = 1 - clip_low)
 * @param clipHigh     PPO clip range above 1 (ratio ceiling = 1 + clip_high)
 * @param entropyCoef  weight of the entropy bonus
 * @param klCoef       weight of the KL penalty to the frozen initial model; 0 = no reference model
 * @param microBatch   sequences per forward/backward pass (gradients are accumulated)
 * @param sharedPrompts compute a prompt shared by several sequences of a micro-batch (the rollouts of
 *                      one task) once in the forward and backward pass; same loss and gradients, less work
 */
public record OptimConfig(
        @Range(min = 0, minExclusive = true) double lr,
        @Range(min = 0) double weightDecay,
        @Range(min = 0, max = 1, maxExclusive = true) double beta1,
        @Range(min = 0, max = 1, maxExclusive = true) double beta2,
        @Range(min = 0, minExclusive = true) double eps,
        @Range(min = 0) double gradClip,
        Schedule schedule,
        @Range(min = 0) int warmupSteps,
        @Range(min = 0, max = 1) double clipLow,
        @Range(min = 0) double clipHigh,
        @Range(min = 0) double entropyCoef,
        @Range(min = 0) double klCoef,
        @Range(min = 1) int microBatch,
        boolean sharedPrompts) {

    /** Learning-rate schedule. */
    public enum Schedule { CONSTANT, LINEAR_WARMUP, COSINE }

    /** The original (paper branch): lr 1e-6 constant, AdamW (0.9, 0.999, 1e-8), wd 0.01, clip 0.2/0.2, entropy 0.001, no KL. */
    public static OptimConfig defaults() {
        return new OptimConfig(1e-6, 0.01, 0.9, 0.999, 1e-8, 1.0, Schedule.CONSTANT, 0,
                0.2, 0.2, 0.001, 0.0, 16, true);
    }
}
