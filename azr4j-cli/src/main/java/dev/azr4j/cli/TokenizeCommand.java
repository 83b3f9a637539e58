package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr tokenize}: not built yet; another issue fills it in. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, description = "Encode JSON lines of text into token ids.")
public final class TokenizeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr tokenize: this capability is not built yet.");
        return 2;
    }
}
