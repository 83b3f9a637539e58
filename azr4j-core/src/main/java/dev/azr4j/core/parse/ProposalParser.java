package dev.azr4j.core.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads proposals from the answer section (spec §4.4–4.5). Never throws; every failure is a
 * {@link ParseFailure}.
 *
 * <p>Differences from the original, on purpose: the code block is the first block tagged
 * {@code python}/{@code py} or untagged (the original's pattern also matched a leading
 * {@code ```input} block and then failed); the {@code input(} guard matches calls of the builtin
 * only, not {@code parse_input(}.
 */
public final class ProposalParser {
    private static final Pattern INPUT_LINE = Pattern.compile("#[ \\t]*Input:[ \\t]*(.+)");
    private static final Pattern MESSAGE_TAG = Pattern.compile("<message>(.*?)</message>", Pattern.DOTALL);
    private static final Pattern MESSAGE_LINE = Pattern.compile("#[ \\t]*Message:[ \\t]*(.+)");

    private final boolean rejectMultipleFunctions;

    /** @param rejectMultipleFunctions reject programs with more than one {@code def} (the original's Qwen setting) */
    public ProposalParser(boolean rejectMultipleFunctions) {
        this.rejectMultipleFunctions = rejectMultipleFunctions;
    }

    /** An abduction/deduction proposal: a code block (first), an input block, one entry function. */
    public Parsed<ProgramProposal> program(Response response) {
        if (!response.hasAnswer()) return Parsed.fail(ParseFailure.NO_ANSWER);
        String answer = response.answer();
        Fence code = Fences.first(answer, Fences::isCodeTag);
        if (code == null || code.content().isEmpty()) return Parsed.fail(ParseFailure.NO_CODE_BLOCK);
        String input = inputOf(answer);
        if (input == null) return Parsed.fail(ParseFailure.NO_INPUT_BLOCK);
        if (input.isBlank()) return Parsed.fail(ParseFailure.EMPTY_INPUT);
        List<String> defs = PythonSource.definedFunctions(code.content());
        if (defs.isEmpty()) return Parsed.fail(ParseFailure.NO_FUNCTION);
        if (rejectMultipleFunctions && defs.size() > 1) return Parsed.fail(ParseFailure.MULTIPLE_FUNCTIONS);
        String program = PythonSource.renameToF(code.content(), defs.getFirst());
        if (PythonSource.callsInput(program) || PythonSource.callsInput(input)) return Parsed.fail(ParseFailure.INPUT_CALL);
        return Parsed.ok(new ProgramProposal(program, input, PythonSource.imports(program)));
    }

    /** An induction proposal: at least {@code n} input blocks (the last {@code n} are kept) and a message. */
    public Parsed<InputsProposal> inputs(Response response, int n) {
        if (!response.hasAnswer()) return Parsed.fail(ParseFailure.NO_ANSWER);
        String answer = response.answer();
        List<String> inputs = new ArrayList<>();
        for (Fence f : Fences.all(answer)) if (f.tag().equals("input")) inputs.add(f.content());
        if (inputs.size() < n) return Parsed.fail(ParseFailure.TOO_FEW_INPUTS);
        inputs = inputs.subList(inputs.size() - n, inputs.size());
        for (String in : inputs) {
            if (in.isBlank()) return Parsed.fail(ParseFailure.EMPTY_INPUT);
            if (PythonSource.callsInput(in)) return Parsed.fail(ParseFailure.INPUT_CALL);
        }
        String message = messageOf(answer);
        if (message == null || message.isBlank()) return Parsed.fail(ParseFailure.NO_MESSAGE);
        return Parsed.ok(new InputsProposal(inputs, message));
    }

    private static String inputOf(String answer) {
        Fence f = Fences.first(answer, t -> t.equals("input"));
        if (f != null) return f.content();
        Matcher m = INPUT_LINE.matcher(answer);
        return m.find() ? m.group(1).strip() : null;
    }

    private static String messageOf(String answer) {
        Fence f = Fences.first(answer, t -> t.equals("message"));
        if (f != null) return f.content();
        Matcher m = MESSAGE_TAG.matcher(answer);
        if (m.find()) return m.group(1).strip();
        m = MESSAGE_LINE.matcher(answer);
        return m.find() ? m.group(1).strip() : null;
    }
}
