package dev.azr4j.core.policy;

/**
 * The objective of one update: PPO-clip with range [1−clipLow, 1+clipHigh], entropy bonus,
 * optional KL to a frozen reference (k3), gradient clipping by global norm, the learning rate of
 * this optimizer step, and the sampling temperature the logits are divided by.
 */
public record LossSettings(double clipLow, double clipHigh, double entropyCoef, double klCoef,
                           double maxGradNorm, double lr, double temperature) {}
