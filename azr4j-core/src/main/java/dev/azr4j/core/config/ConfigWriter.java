package dev.azr4j.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.azr4j.core.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a resolved configuration as YAML that {@link ConfigLoader#fromFile} reads back unchanged. */
public final class ConfigWriter {
    private ConfigWriter() {}

    public static String toYaml(AzrConfig config) {
        try {
            return "# azr4j configuration, fully resolved; reuse it with --config\n"
                    + Yaml.MAPPER.writeValueAsString(ConfigTree.of(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the configuration as YAML", e);
        }
    }

    /** Writes atomically: a crash leaves the old file or the new one, never half of one. */
    public static void write(AzrConfig config, Path file) throws IOException {
        AtomicFiles.writeString(file, toYaml(config));
    }
}
