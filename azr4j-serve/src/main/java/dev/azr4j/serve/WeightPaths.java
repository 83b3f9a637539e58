package dev.azr4j.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which checkpoint directories {@code /update_weights_from_disk} may load: only those under the
 * server's {@code --weights-dir} directories (none: refresh is off). A path outside them, missing
 * or present, a directory or not, through a symbolic link or not, gets the same answer, so the
 * route cannot be used to probe the file system.
 */
final class WeightPaths {
    private final List<Path> dirs;

    WeightPaths(List<Path> dirs) {
        this.dirs = dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
    }

    /** The directory {@code text} names, once it is known to lie under an allowed one. */
    Path resolve(String text) {
        if (dirs.isEmpty()) {
            throw new ApiException(403, "invalid_request_error", "model_path", "weight_refresh_disabled",
                    "weight refresh is off: the server was started without --weights-dir");
        }
        Path p;
        try {
            p = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw refused();
        }
        for (Path dir : dirs) {
            if (!p.startsWith(dir)) continue;
            if (!Files.exists(p)) return p; // under an allowed directory: its reasons may be told
            try {
                // a link under the directory must not lead out of it
                if (p.toRealPath().startsWith(Files.exists(dir) ? dir.toRealPath() : dir)) return p;
            } catch (IOException e) {
                throw refused();
            }
        }
        throw refused();
    }

    private static ApiException refused() {
        return new ApiException(403, "invalid_request_error", "model_path", "path_not_allowed",
                "model_path must be a directory under one of the server's --weights-dir directories");
    }
}
