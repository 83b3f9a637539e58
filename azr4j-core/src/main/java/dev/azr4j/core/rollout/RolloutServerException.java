package dev.azr4j.core.rollout;

import dev.azr4j.core.UserException;

/** An inference server that could not be used after its retries: down, refusing, or answering garbage. */
public final class RolloutServerException extends UserException {
    public RolloutServerException(String message) {
        super(message);
    }
}
