package dev.azr4j.cli;

import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.Transformer;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model a benchmark measures (a preset with random weights or a checkpoint) and its thread count. */
final class BenchModelOptions {
    @Option(names = "--model-preset", paramLabel = "NAME",
            description = "Model preset (tiny, small; default small) with random weights (--preset is train's and eval's configuration preset).")
    String preset;

    @Option(names = "--model", paramLabel = "DIR", description = "A HuggingFace model directory instead of a preset.")
    Path model;

    @Option(names = "--threads", description = "Compute threads (default: all cores).")
    Integer threads;

    Backend backend() {
        return EngineSupport.backend(threads);
    }

    Transformer load(Backend backend) throws CheckpointException {
        return EngineSupport.modelOrPreset(model, preset, backend);
    }

    /** What is measured, for reports: the checkpoint directory or the preset name. */
    String name() {
        return model != null ? model.toString() : (preset == null ? "small" : preset);
    }
}
