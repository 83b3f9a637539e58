package dev.azr4j.core.parse;

import java.util.Locale;

/** Why a proposal or solution could not be read from model output; counted in metrics by {@link #id()}. */
public enum ParseFailure {
    NO_ANSWER, NO_CODE_BLOCK, NO_INPUT_BLOCK, EMPTY_INPUT, NO_FUNCTION, MULTIPLE_FUNCTIONS, INPUT_CALL,
    TOO_FEW_INPUTS, NO_MESSAGE, BAD_FORMAT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
