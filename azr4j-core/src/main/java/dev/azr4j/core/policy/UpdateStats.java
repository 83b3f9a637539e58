package dev.azr4j.core.policy;

/**
 * What one update did: the weighted policy loss, the global gradient norm before clipping, the mean
 * token entropy, the share of tokens where the clipped branch was taken, the learning rate used,
 * and the number of tokens trained on.
 */
public record UpdateStats(double loss, double gradNorm, double entropy, double clipFrac, double lr, long tokens) {}
