package dev.azr4j.core.config;

/**
 * The whole azr4j configuration, as read from YAML ({@code snake_case} keys, one section per
 * record). Build one with {@link ConfigLoader}; {@link #defaults()} holds the original system's
 * hyperparameters for real models (the {@code default} preset).
 */
public record AzrConfig(
        RunConfig run,
        ModelConfig model,
        ExecutorConfig executor,
        SelfPlayConfig selfplay,
        OptimConfig optim,
        SafetyConfig safety,
        LoggingConfig logging,
        EvalConfig eval,
        RolloutConfig rollout) {

    public static AzrConfig defaults() {
        return new AzrConfig(RunConfig.defaults(), ModelConfig.defaults(), ExecutorConfig.defaults(),
                SelfPlayConfig.defaults(), OptimConfig.defaults(), SafetyConfig.defaults(), LoggingConfig.defaults(),
                EvalConfig.defaults(), RolloutConfig.defaults());
    }
}
