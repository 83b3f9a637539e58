package dev.azr4j.cli;

import dev.azr4j.core.UserException;
import dev.azr4j.model.grammar.Grammar;
import dev.azr4j.model.grammar.GrammarException;
import dev.azr4j.model.grammar.Grammars;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code azr grammar}: tools for GBNF grammars used in constrained decoding. */
@Command(name = "grammar", mixinStandardHelpOptions = true,
        description = "Work with GBNF grammars for constrained decoding.",
        subcommands = {GrammarCommand.Check.class})
public final class GrammarCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code azr grammar check FILE}: compiles a grammar and prints its rules and sizes. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Compile a GBNF grammar (a file, or a shipped name: " + "json, python-literal, python-program"
                    + ") and print its rules with their automaton sizes, and any warnings.",
                    "A malformed grammar gives one line FILE:LINE:COLUMN: rule 'NAME': problem, and exit code 2."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the grammar file, or a shipped grammar name")
        String file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Grammar g;
            try {
                g = Grammars.loadGrammar(file);
            } catch (GrammarException e) {
                throw new UserException(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: %d rules, %d automaton states, %d named tokens%n", file, g.ruleNames().size(), g.stateCount(), g.namedTokenCount());
            for (int i = 0; i < g.ruleNames().size(); i++) out.printf("  %-24s %6d states%n", g.ruleNames().get(i), g.statesOfRule(i));
            for (String w : g.warnings()) out.println(w);
            out.flush();
            return 0;
        }
    }
}
