package dev.azr4j.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code rollout} section: where rollouts are sampled. With no {@code servers} the local model
 * samples them; otherwise OpenAI-compatible inference servers do, and the local model only trains
 * (see {@code dev.azr4j.core.policy.RemotePolicy}).
 *
 * @param servers        base URLs ({@code http://host:port}) of the servers; requests go round-robin
 * @param kind           what the servers are: {@code azr} ({@code azr serve}), {@code vllm}, {@code sglang}
 * @param apiKey         sent as {@code Authorization: Bearer KEY}; null = none
 * @param modelName      the model id sent in requests; null = the first model the server lists
 * @param timeoutMs      limit of one request, connection included
 * @param retries        further tries of a failed request (with doubling backoff) before the step fails
 * @param backoffMs      wait before the first retry
 * @param maxConcurrency requests in flight per server
 * @param refreshRoute   route asked to load new weights after each update; null = the kind's default
 *                       ({@code /update_weights_from_disk} for azr and sglang; none for vllm)
 * @param weightsDir     where the weights are written for the servers to read; null = RUN/rollout-weights
 * @param logprobWarn    warn when the mean |server − trainer| log-probability of a batch exceeds this
 */
public record RolloutConfig(
        List<String> servers,
        Kind kind,
        @Nullable String apiKey,
        @Nullable String modelName,
        @Range(min = 1) int timeoutMs,
        @Range(min = 0) int retries,
        @Range(min = 0) int backoffMs,
        @Range(min = 1) int maxConcurrency,
        @Nullable String refreshRoute,
        @Nullable Path weightsDir,
        @Range(min = 0) double logprobWarn) {

    /** The kind of inference server. */
    public enum Kind { AZR, VLLM, SGLANG }

    public static RolloutConfig defaults() {
        return new RolloutConfig(List.of(), Kind.AZR, null, null, 600_000, 3, 1000, 8, null, null, 1e-3);
    }
}
