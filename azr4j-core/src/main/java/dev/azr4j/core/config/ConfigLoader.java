package dev.azr4j.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the configuration from four layers, each over the previous: the built-in defaults
 * ({@link AzrConfig#defaults()}), a preset by name, a YAML file, and {@code key.path=value}
 * overrides. Every error is a {@link ConfigException} of one sentence.
 */
public final class ConfigLoader {
    /** Presets shipped as resources {@code dev/azr4j/core/presets/NAME.yaml}. */
    public static final List<String> PRESETS = List.of("default", "tiny", "small");

    private ConfigLoader() {}

    /**
     * @param file      a YAML configuration file, if any
     * @param preset    preset name ({@link #PRESETS}); {@code null} means {@code default}
     * @param overrides {@code key.path=value} strings, applied in order; values are YAML
     *                  ({@code 8}, {@code 1e-6}, {@code [deduction, induction]}, {@code null})
     */
    public static AzrConfig load(Optional<Path> file, String preset, List<String> overrides) {
        Map<String, String> origins = new HashMap<>();
        ObjectNode tree = (ObjectNode) ConfigTree.of(AzrConfig.defaults());
        String name = preset == null ? "default" : preset;
        ConfigTree.merge(tree, section(presetTree(name), "preset '" + name + "'"), "", "preset '" + name + "'", origins);
        if (file.isPresent()) {
            Path f = file.get();
            ConfigTree.merge(tree, section(Yaml.parse(readFile(f), "configuration file " + f), "configuration file " + f),
                    "", f.toString(), origins);
        }
        for (String override : overrides) {
            ConfigTree.merge(tree, overrideTree(override), "", "--set " + override, origins);
        }
        return new ConfigBinder(origins).bind(AzrConfig.class, tree);
    }

    /** The defaults with a preset applied. */
    public static AzrConfig preset(String name) {
        return load(Optional.empty(), name, List.of());
    }

    /** Reads a complete configuration file (e.g. a run's {@code config.yaml}) over the defaults. */
    public static AzrConfig fromFile(Path file) {
        return load(Optional.of(file), "default", List.of());
    }

    private static JsonNode presetTree(String name) {
        if (!PRESETS.contains(name)) {
            String hint = Suggestions.closest(name, PRESETS).map(s -> "; did you mean '" + s + "'?").orElse("");
            throw new ConfigException("unknown preset '" + name + "': the presets are " + String.join(", ", PRESETS) + hint);
        }
        String resource = "/dev/azr4j/core/presets/" + name + ".yaml";
        try (InputStream in = ConfigLoader.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("preset resource " + resource + " is missing from the build");
            return Yaml.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset '" + name + "'");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read preset resource " + resource, e);
        }
    }

    private static String readFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new ConfigException("configuration file " + file + " is a directory; give a YAML file");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ConfigException("configuration file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode section(JsonNode node, String source) {
        if (!node.isObject()) {
            throw new ConfigException(source + " must be a mapping of sections ("
                    + String.join(", ", ConfigSchema.keysOf(AzrConfig.class)) + "), got " + ConfigBinder.show(node));
        }
        return (ObjectNode) node;
    }

    /** {@code a.b.c=value} as the tree {a: {b: {c: value}}}. */
    static ObjectNode overrideTree(String override) {
        int eq = override.indexOf('=');
        String key = eq < 0 ? "" : override.substring(0, eq).strip();
        if (eq < 0 || key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            throw new ConfigException("--set expects key.path=value (e.g. --set optim.lr=1e-5), got '" + override + "'");
        }
        String text = override.substring(eq + 1);
        JsonNode value = text.isBlank() ? Yaml.MAPPER.nullNode() : Yaml.parse(text, "the value of --set " + override);
        ObjectNode root = Yaml.MAPPER.createObjectNode();
        ObjectNode node = root;
        String[] parts = key.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) node = node.putObject(parts[i]);
        node.set(parts[parts.length - 1], value);
        return root;
    }
}
