package dev.azr4j.model.io;

import java.io.IOException;

/** A checkpoint file that is missing, malformed or unsupported; the message names the file and the problem. */
public final class CheckpointException extends IOException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
