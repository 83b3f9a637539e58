package dev.azr4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code azr bench decode}: not built yet; another issue fills it in. */
@Command(name = "decode", mixinStandardHelpOptions = true, description = "Tokens/s of batched KV-cache sampling.")
public final class BenchDecodeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("azr bench decode: this capability is not built yet.");
        return 2;
    }
}
