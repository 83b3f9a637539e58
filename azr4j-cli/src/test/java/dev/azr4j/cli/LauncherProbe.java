package dev.azr4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A program for {@link LauncherTest}: echoes stdin, writes to both streams, exits with the code given. */
public final class LauncherProbe {
    private LauncherProbe() {}

    public static void main(String[] args) throws IOException {
        String in = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        System.out.println("stdin=" + in);
        System.err.print("progress 50%\r");
        System.err.println("last words");
        System.exit(Integer.parseInt(args[0]));
    }
}
