package dev.azr4j.core.parse;

import java.util.List;

/** A parsed induction proposal: the inputs (exactly the configured number) and the message. */
public record InputsProposal(List<String> inputs, String message) {
    public InputsProposal {
        inputs = List.copyOf(inputs);
    }
}
