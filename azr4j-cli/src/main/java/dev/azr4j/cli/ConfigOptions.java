package dev.azr4j.cli;

import dev.azr4j.core.config.AzrConfig;
import dev.azr4j.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The configuration options shared by commands that run the algorithm ({@code train},
 * {@code eval}); use as {@code @Mixin ConfigOptions config;} and call {@link #load}.
 */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (keys as in the resolved RUN/config.yaml).")
    Path file;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Preset to start from: default (the original's hyperparameters), tiny, small.")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set selfplay.batch_size=8 --set optim.lr=1e-5; repeatable, applied last.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--python", paramLabel = "PATH",
            description = "Python 3.10+ interpreter for the executor (executor.python), as in azr exec and azr probes.")
    String python;

    /** The {@code key=value} overrides of the command line: every {@code --set}, then {@code --python}. */
    List<String> overrides() {
        List<String> all = new ArrayList<>(overrides);
        if (python != null) all.add("executor.python=" + python);
        return all;
    }

    /** The resolved configuration; {@code defaultPreset} applies when no {@code --preset} was given. */
    public AzrConfig load(String defaultPreset) {
        return load(defaultPreset, List.of());
    }

    /**
     * As {@link #load(String)}, with {@code extraOverrides} ({@code key=value}, e.g. from a
     * command's own {@code --steps}) applied after the {@code --set} ones.
     */
    public AzrConfig load(String defaultPreset, List<String> extraOverrides) {
        List<String> all = overrides();
        all.addAll(extraOverrides);
        return ConfigLoader.load(Optional.ofNullable(file), preset != null ? preset : defaultPreset, all);
    }

    /** Whether any configuration option was given on the command line. */
    public boolean given() {
        return file != null || preset != null || !overrides.isEmpty() || python != null;
    }
}
