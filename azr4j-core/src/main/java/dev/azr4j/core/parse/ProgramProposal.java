package dev.azr4j.core.parse;

import java.util.List;

/** A parsed abduction/deduction proposal: a program (entry renamed to {@code f}), one input, its imports. */
public record ProgramProposal(String program, String input, List<String> imports) {
    public ProgramProposal {
        imports = List.copyOf(imports);
    }
}
