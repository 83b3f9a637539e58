package dev.azr4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import dev.azr4j.model.tokenizer.Tokenizer;
import dev.azr4j.model.tokenizer.TokenizerLoadException;
import dev.azr4j.model.tokenizer.Tokenizers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code azr tokenize}: reads JSON lines {@code {"text": ...}} on stdin and writes one line per input
 * line, {@code {"ids": [...]}}, or {@code {"error": "line N: ..."}} for a line that is not such an
 * object (the stream goes on). Exit 0 once stdin is exhausted, 2 when the tokenizer cannot be loaded.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"Encode JSON lines {\"text\": ...} from stdin into {\"ids\": [...]} lines (no special tokens added).",
                "A malformed line gives {\"error\": \"line N: ...\"} and the next line is read."})
public final class TokenizeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final class Source {
        @Option(names = "--tokenizer", paramLabel = "FILE",
                description = "a tokenizer.json, or a model directory holding one (or a byte-tokenizer tokenizer_config.json)")
        Path tokenizer;

        @Option(names = "--bytes", description = "the byte-level tokenizer of models trained from zero")
        boolean bytes;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Tokenizer tokenizer;
        try {
            tokenizer = source.bytes ? ByteTokenizer.instance() : Tokenizers.load(source.tokenizer);
        } catch (TokenizerLoadException e) {
            err.println("azr tokenize: " + e.getMessage());
            err.flush();
            return 2;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = spec.commandLine().getOut();
        encodeLines(tokenizer, in, out);
        out.flush();
        return 0;
    }

    /** Encodes every line of {@code in}; flushes whenever no more input is waiting, so pipes get answers line by line. */
    static void encodeLines(Tokenizer tokenizer, BufferedReader in, PrintWriter out) throws IOException {
        StringBuilder sb = new StringBuilder();
        long lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            sb.setLength(0);
            encodeLine(tokenizer, line, lineNo, sb);
            out.append(sb).append('\n');
            if (!in.ready()) out.flush();
        }
    }

    private static void encodeLine(Tokenizer tokenizer, String line, long lineNo, StringBuilder sb) throws JsonProcessingException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            error(sb, lineNo, "not valid JSON (" + e.getOriginalMessage() + ")");
            return;
        }
        if (node == null || !node.isObject()) {
            error(sb, lineNo, "expected a JSON object {\"text\": ...}");
            return;
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            error(sb, lineNo, "expected a string field \"text\"");
            return;
        }
        int[] ids = tokenizer.encode(text.asText());
        sb.append("{\"ids\": [");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(ids[i]);
        }
        sb.append("]}");
    }

    private static void error(StringBuilder sb, long lineNo, String message) throws JsonProcessingException {
        sb.append("{\"error\": ").append(JSON.writeValueAsString("line " + lineNo + ": " + message)).append('}');
    }
}
