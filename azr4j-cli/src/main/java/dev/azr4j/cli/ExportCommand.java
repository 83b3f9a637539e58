package dev.azr4j.cli;

import dev.azr4j.model.export.GgufExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code azr export}: a checkpoint for other tools. The checkpoint directory itself already loads in
 * HuggingFace {@code transformers}; {@code --gguf} writes the one fp32 file llama.cpp runs.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a checkpoint in another tool's format: --gguf FILE for llama.cpp (fp32, tokenizer included).",
                "A checkpoint directory loads in HuggingFace transformers as it is."})
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory (e.g. RUN/checkpoints/step-N).")
    Path model;

    @Option(names = "--gguf", required = true, paramLabel = "FILE", description = "GGUF file to write (replaced if it exists).")
    Path gguf;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        GgufExport.Summary s = GgufExport.write(model, gguf);
        out.printf("wrote %s (%s, %d tensors, fp32, %.1f MB; tokenizer: %d tokens, %d merges, pre-tokenizer %s)%n", gguf,
                s.architecture(), s.tensors(), Files.size(gguf) / 1e6, s.tokens(), s.merges(), s.preTokenizer());
        out.printf("run it with llama.cpp: llama-cli -m %s -p 'P:a + 3\\nI:4\\nO:' -n 8 --temp 0%n", gguf);
        out.flush();
        return 0;
    }
}
