package dev.azr4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code azr version}: prints the version of azr4j and of the JVM running it. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the azr4j and Java versions.")
public final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new Provider().getVersion()) out.println(line);
        out.flush();
    }

    /** Version lines shared by {@code azr --version} and {@code azr version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AzrCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "azr4j " + (v == null ? "dev" : v),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
