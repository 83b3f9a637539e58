package dev.azr4j.cli;

import dev.azr4j.model.backend.Backend;
import dev.azr4j.model.backend.ReferenceBackend;
import dev.azr4j.model.config.ModelPresets;
import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.nn.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the engine commands share: choosing the backend, loading a model, parsing id lists. */
final class EngineSupport {
    private EngineSupport() {}

    /** The compute backend for {@code threads} threads (null: all cores). */
    static Backend backend(Integer threads) {
        if (threads != null && threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        return new ReferenceBackend();
    }

    static Transformer load(Path dir, Backend backend) throws CheckpointException {
        return Transformer.load(dir, backend);
    }

    /** A model from --model DIR, or a seeded random one from --preset NAME. */
    static Transformer modelOrPreset(Path dir, String preset, Backend backend) throws CheckpointException {
        if (dir != null && preset != null) throw new IllegalArgumentException("give either --model or --preset, not both");
        if (dir != null) return load(dir, backend);
        return Transformer.random(ModelPresets.get(preset == null ? "small" : preset), 0, backend);
    }

    /** "1,2, 3" → {1, 2, 3}, with a message naming the bad entry otherwise. */
    static int[] parseIds(String text) {
        String[] parts = text.split(",");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            try {
                ids[i] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--ids: '" + p + "' is not a token id (expected comma-separated integers)");
            }
            if (ids[i] < 0) throw new IllegalArgumentException("--ids: token ids must be >= 0, got " + ids[i]);
        }
        return ids;
    }

    /** Peak resident memory of this process in MiB (VmHWM), or NaN where /proc is absent. */
    static double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: report NaN
        }
        return Double.NaN;
    }
}
