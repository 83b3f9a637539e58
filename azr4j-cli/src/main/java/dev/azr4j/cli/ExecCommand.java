package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr exec}: not built yet; another issue fills it in. */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run the sandboxed Python executor over JSON-lines requests.")
public final class ExecCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr exec: this capability is not built yet.");
        return 2;
    }
}
