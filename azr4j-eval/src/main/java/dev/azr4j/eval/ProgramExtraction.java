package dev.azr4j.eval;

import dev.azr4j.core.parse.Fence;
import dev.azr4j.core.parse.Fences;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The program in a code-synthesis completion. A fenced Python block (the last one defining the
 * entry point, else the last one) is the program, with the prompt's import lines put first; a
 * completion without one continues the prompt: when it defines the entry point itself it is cut
 * at the first {@code if __name__}, {@code print(}, {@code assert} or fence; otherwise it is the
 * function's body and is cut where HumanEval's harness cuts it (a new top-level {@code def},
 * {@code class}, {@code if}, {@code print} or comment).
 */
final class ProgramExtraction {
    private static final List<String> STOPS = List.of("\ndef ", "\nclass ", "\nif ", "\nprint(", "\n#", "\nassert ", "\n```");
    private static final List<String> PROGRAM_STOPS = List.of("\nif __name__", "\nprint(", "\nassert ", "\n```", "\n\"\"\"");

    private ProgramExtraction() {}

    static String program(String completion, String prompt, String entryPoint, AnswerSource source) {
        if (completion == null) return null;
        Pattern defines = Pattern.compile("(?m)^def\\s+" + Pattern.quote(entryPoint) + "\\s*\\(");
        if (source.given()) return defines.matcher(completion).find() ? completion : prompt + completion;
        String text = source.format().answerPart(completion);
        Fence chosen = null;
        for (Fence f : Fences.all(text)) {
            if (!Fences.isCodeTag(f.tag()) || f.content().isBlank()) continue;
            if (chosen == null || !defines.matcher(chosen.content()).find() || defines.matcher(f.content()).find()) chosen = f;
        }
        if (chosen != null) {
            String code = chosen.content();
            if (!defines.matcher(code).find() && defines.matcher(prompt).find()) return prompt + "\n" + code;
            return imports(prompt) + code;
        }
        if (source.format().kind() != PromptFormat.Kind.PLAIN) {
            // a chat or azr answer without a code block: take it as code when it defines the entry point
            return defines.matcher(text).find() ? imports(prompt) + text : null;
        }
        String body = completion;
        int cut = body.length();
        var def = defines.matcher(body);
        // a completion that writes the whole program ends where other text starts; one that continues
        // the prompt's function body ends at the next top-level statement, as HumanEval's harness cuts
        int from = def.find() ? def.end() : firstCode(body);
        for (String stop : def.find(0) ? PROGRAM_STOPS : STOPS) {
            int at = body.indexOf(stop, from);
            if (at >= 0 && at < cut) cut = at;
        }
        body = body.substring(0, cut);
        return body.isBlank() ? null : prompt + body;
    }

    /** Just after the first line break that precedes code (a stop before the first code does not count). */
    private static int firstCode(String body) {
        int i = 0;
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) i++;
        return Math.max(1, i);
    }

    private static String imports(String prompt) {
        StringBuilder sb = new StringBuilder();
        for (String line : prompt.split("\n")) {
            if (line.startsWith("import ") || line.startsWith("from ")) sb.append(line).append('\n');
        }
        return sb.isEmpty() ? "" : sb.append('\n').toString();
    }
}
