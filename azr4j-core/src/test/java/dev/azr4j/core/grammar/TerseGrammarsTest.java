package dev.azr4j.core.grammar;

import dev.azr4j.core.Sandbox;
import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.curriculum.ProgramGenerator;
import dev.azr4j.core.parse.ProposalParser;
import dev.azr4j.core.parse.Response;
import dev.azr4j.core.parse.SolutionParser;
import dev.azr4j.core.prompt.PromptStyle;
import dev.azr4j.core.prompt.PromptTemplates;
import dev.azr4j.core.prompt.TerseFormat;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.executor.ExecRequest;
import dev.azr4j.executor.ExecResult;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.grammar.GrammarMatcher;
import dev.azr4j.model.grammar.Grammars;
import dev.azr4j.model.grammar.TokenGrammar;
import dev.azr4j.model.tokenizer.ByteTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The terse format's role grammars: they compile, their language holds every program the
 * environment's generator writes, and their random sentences are well-formatted responses whose
 * programs mostly run on their own inputs.
 */
class TerseGrammarsTest {
    private static final int INPUTS = 6;
    private static final PromptTemplates TERSE = new PromptTemplates(PromptStyle.TERSE, List.of());

    private static TokenGrammar compiled(TaskType t, Role r) throws Exception {
        GrammarSource src = TerseGrammars.of(t, r, INPUTS);
        return Grammars.compile(src.gbnf(), src.name(), ByteTokenizer.instance());
    }

    private static boolean accepts(TokenGrammar g, String text) {
        GrammarMatcher m = g.newMatcher();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) if (!m.accept(b & 0xff)) return false;
        return m.canEnd();
    }

    @Test
    void everyGeneratedProgramAndInputIsASentenceOfTheProposerGrammar() throws Exception {
        TokenGrammar propose = compiled(TaskType.DEDUCTION, Role.PROPOSE);
        TokenGrammar induce = compiled(TaskType.INDUCTION, Role.SOLVE);
        ProgramGenerator gen = new ProgramGenerator(TerseGrammars.MAX_OPS);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 1500; i++) {
            ProgramGenerator.Program p = gen.program(rng);
            assertTrue(p.source().startsWith(TerseFormat.PROGRAM_HEAD), p.source());
            String expr = p.source().substring(TerseFormat.PROGRAM_HEAD.length());
            String input = ProgramGenerator.input(p.inputType(), rng);
            assertTrue(accepts(propose, expr + "\nI:" + input + "\n"), expr + " on " + input);
            assertTrue(accepts(induce, expr + "\n"), expr);
        }
        assertFalse(accepts(propose, "a + 1\nI:'abc'\n"), "an int program with a string input");
        assertFalse(accepts(propose, "len(a)\nI:7\n"), "len of an int");
        assertFalse(accepts(propose, "3\nI:7\n"), "a constant is not a chain from the argument");
    }

    @Test
    void theInductionProposerWritesInputsOfItsProgramsType() throws Exception {
        TokenGrammar ints = Grammars.compile(TerseGrammars.inductionInputsLike("-3", 3).gbnf(), "ints", ByteTokenizer.instance());
        TokenGrammar lists = Grammars.compile(TerseGrammars.inductionInputsLike("[1, -2]", 3).gbnf(), "lists", ByteTokenizer.instance());
        assertTrue(accepts(ints, "4\nI:-12\nI:0\nM:adds one\n"));
        assertFalse(accepts(ints, "4\nI:'ab'\nI:0\nM:adds one\n"));
        assertTrue(accepts(lists, "[1]\nI:[2, 3]\nI:[]\nM:m\n".replace("I:[]", "I:[0]")));
        assertFalse(accepts(lists, "7\nI:[2, 3]\nI:[0]\nM:m\n"));
        assertEquals(TerseGrammars.of(TaskType.INDUCTION, Role.PROPOSE, 3), TerseGrammars.inductionInputsLike("{'a': 1}", 3),
                "another type: the general grammar");
    }

    @Test
    void randomSentencesAreWellFormattedResponsesAndMostProposalsRun() throws Exception {
        PythonExecutor exec = Sandbox.start(ExecutorOptions.defaults());
        try (exec) {
            SplittableRandom rng = new SplittableRandom(11);
            ProposalParser parser = new ProposalParser(true);
            List<ExecRequest> runs = new ArrayList<>();
            for (TaskType t : TaskType.values()) {
                for (Role r : Role.values()) {
                    GbnfSketch g = new GbnfSketch(TerseGrammars.of(t, r, INPUTS).gbnf());
                    TokenGrammar engine = compiled(t, r);
                    for (int i = 0; i < 200; i++) {
                        String s = g.sample(rng, 12);
                        String where = RoleGrammars.roleKey(t, r) + ": " + s;
                        assertTrue(accepts(engine, s), "the engine accepts the sketch's sentence " + where);
                        Response resp = TERSE.read(t, r, s);
                        assertTrue(resp.formatOk(), where);
                        if (r == Role.PROPOSE && t != TaskType.INDUCTION) {
                            var p = parser.program(resp);
                            assertTrue(p.isOk(), where + " " + p);
                            runs.add(new ExecRequest.Validate(p.value().program(), p.value().input()));
                        } else if (r == Role.PROPOSE) {
                            assertTrue(parser.inputs(resp, INPUTS).isOk(), where);
                        } else if (t == TaskType.INDUCTION) {
                            assertTrue(SolutionParser.program(resp).isOk(), where);
                        } else {
                            assertFalse((t == TaskType.DEDUCTION ? SolutionParser.output(resp) : SolutionParser.input(resp)).isBlank(), where);
                        }
                    }
                }
            }
            List<ExecResult> results = exec.execute(runs);
            long ran = results.stream().filter(ExecResult::ok).count();
            double share = ran / (double) results.size();
            System.out.printf("terse proposals that run on their own input: %d of %d (%.1f %%)%n", ran, results.size(), 100 * share);
            assertTrue(share >= 0.8, "most well-typed proposals run: " + share);
        }
    }
}
