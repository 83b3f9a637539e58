package dev.azr4j.core.config;

/**
 * The {@code logging} section: where metrics go besides {@code RUN/metrics.jsonl}.
 *
 * @param tensorboard also write every metric as a TensorBoard scalar under {@code RUN/tensorboard/}
 */
public record LoggingConfig(boolean tensorboard) {
    public static LoggingConfig defaults() {
        return new LoggingConfig(false);
    }
}
