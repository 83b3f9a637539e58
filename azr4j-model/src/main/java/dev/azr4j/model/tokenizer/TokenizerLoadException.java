package dev.azr4j.model.tokenizer;

import java.io.IOException;

/** A tokenizer file that is missing, malformed or uses a component azr4j does not implement; the message says which. */
public final class TokenizerLoadException extends IOException {
    public TokenizerLoadException(String message) {
        super(message);
    }

    public TokenizerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
