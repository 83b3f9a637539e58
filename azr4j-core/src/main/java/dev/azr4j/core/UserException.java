package dev.azr4j.core;

/**
 * A failure the user can fix (bad configuration, missing or malformed input, a wrong option).
 * The CLI prints its message as one line and exits with code 2; the message must therefore name
 * what is wrong (the file, key or value) and what was expected, in one sentence.
 */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
