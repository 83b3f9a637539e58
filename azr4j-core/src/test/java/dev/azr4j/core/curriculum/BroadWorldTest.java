package dev.azr4j.core.curriculum;

import static org.junit.jupiter.api.Assertions.*;

import dev.azr4j.core.Sandbox;
import dev.azr4j.core.curriculum.ProgramGenerator.Op;
import dev.azr4j.core.curriculum.ProgramGenerator.Program;
import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import dev.azr4j.core.grammar.TerseGrammars;
import dev.azr4j.core.prompt.TerseFormat;
import dev.azr4j.core.task.InductionProblem;
import dev.azr4j.core.task.Role;
import dev.azr4j.core.task.Task;
import dev.azr4j.core.task.TaskType;
import dev.azr4j.core.task.Triplet;
import dev.azr4j.executor.ExecutorOptions;
import dev.azr4j.executor.PythonExecutor;
import dev.azr4j.model.grammar.Grammar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broad world (issue 23): its generator draws every operation and every kind of value, the
 * proposers' grammars accept every program and input the environment writes (and longer chains),
 * and the executor runs most of what it draws.
 */
class BroadWorldTest {
    static PythonExecutor exec;

    @BeforeAll
    static void start() {
        exec = Sandbox.start(ExecutorOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (exec != null) exec.close();
    }

    @Test
    void everyOperationIsDrawn() {
        ProgramGenerator g = new ProgramGenerator(World.BROAD, 3);
        SplittableRandom r = new SplittableRandom(7);
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 20000; i++) drawn.addAll(descriptionsOf(g.program(r)));
        List<String> missing = new ArrayList<>();
        for (Op op : World.BROAD.ops()) if (!drawn.contains(shape(op.description()))) missing.add(op.template());
        assertEquals(List.of(), missing, "operations never drawn");
    }

    @Test
    void everyKindOfValueIsDrawn() {
        SplittableRandom r = new SplittableRandom(3);
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            for (Type t : World.BROAD.arguments()) {
                String x = World.BROAD.input(t, r);
                assertEquals(t, World.BROAD.typeOf(x).orElseThrow(), x);
                switch (t) {
                    case INT -> {
                        long v = Long.parseLong(x);
                        if (v < 0) kinds.add("negative int");
                        if (Math.abs(v) > 100) kinds.add("int beyond 100");
                        if (Math.abs(v) <= 10) kinds.add("small int");
                    }
                    case STR -> {
                        String s = x.substring(1, x.length() - 1);
                        if (s.isEmpty()) kinds.add("empty string");
                        if (s.chars().anyMatch(Character::isUpperCase)) kinds.add("upper case");
                        if (s.chars().anyMatch(Character::isDigit)) kinds.add("digit");
                        if (s.contains(" ")) kinds.add("space");
                        if (s.chars().anyMatch(c -> ".,!?-_:;#@+*/=()".indexOf(c) >= 0)) kinds.add("punctuation");
                    }
                    case LIST -> {
                        if (x.equals("[]")) kinds.add("empty list");
                        if (x.split(",").length == 8) kinds.add("list of 8");
                    }
                    case STRS -> kinds.add("list of words");
                    default -> { }
                }
            }
        }
        assertEquals(Set.of("negative int", "int beyond 100", "small int", "empty string", "upper case", "digit", "space",
                "punctuation", "empty list", "list of 8", "list of words"), kinds);
    }

    @Test
    void proposerGrammarsAcceptEveryEnvironmentProgramAndInput() throws Exception {
        for (World world : List.of(World.NARROW, World.BROAD)) {
            int maxOps = 2;
            int depth = world.proposerDepth(maxOps);
            Grammar propose = Grammar.parse(TerseGrammars.of(TaskType.DEDUCTION, Role.PROPOSE, 6, world, depth).gbnf(), "p");
            Grammar induce = Grammar.parse(TerseGrammars.of(TaskType.INDUCTION, Role.SOLVE, 6, world, depth).gbnf(), "i");
            ProgramGenerator g = new ProgramGenerator(world, maxOps);
            java.util.Map<Type, Grammar> inputGrammars = new java.util.EnumMap<>(Type.class);   // one per argument type
            SplittableRandom r = new SplittableRandom(11);
            for (int i = 0; i < 1500; i++) {
                Program p = g.program(r);
                String expr = TerseFormat.expression(p.source());
                String input = world.input(p.inputType(), r);
                assertTrue(propose.accepts(expr + "\nI:" + input + "\n"), world + ": " + expr + " on " + input);
                assertTrue(induce.accepts(expr + "\n"), world + ": " + expr);
                Grammar inputs = inputGrammars.computeIfAbsent(p.inputType(), t -> parse(TerseGrammars.inductionInputsLike(input, 2, world, depth).gbnf()));
                assertTrue(inputs.accepts(input + "\nI:" + world.input(p.inputType(), r) + "\nM:" + p.description().substring(0, Math.min(40, p.description().length())) + "\n"),
                        world + ": inputs like " + input);
            }
        }
    }

    @Test
    void theBroadProposerReachesPastTheEnvironment() throws Exception {
        Grammar propose = Grammar.parse(TerseGrammars.of(TaskType.DEDUCTION, Role.PROPOSE, 6, World.BROAD, 3).gbnf(), "p");
        assertTrue(propose.accepts("sorted(a)[::-1][1:]\nI:[3, 1, 2]\n"), "three operations");
        assertTrue(propose.accepts("' '.join([x.upper() for x in a])\nI:['ab', 'c']\n"), "words");
        assertFalse(propose.accepts("[x + 1 for v in a]\nI:[1]\n"), "a comprehension names its own variable");
        Grammar narrow = Grammar.parse(TerseGrammars.of(TaskType.DEDUCTION, Role.PROPOSE, 6).gbnf(), "n");
        assertFalse(narrow.accepts("sorted(a)[::-1][1:]\nI:[3, 1, 2]\n"), "the narrow proposer stops at two");
    }

    @Test
    void theExecutorRunsWhatTheBroadEnvironmentDrawsAndSolversCanWriteIt() {
        EnvironmentTasks env = new EnvironmentTasks(World.BROAD, 3, 6, 0.25, true, 2, 0, 0);
        SplittableRandom rng = new SplittableRandom(5);
        Set<String> names = new HashSet<>();
        for (TaskType t : TaskType.values()) {
            List<Task> tasks = env.draw(t, 60, rng, exec);
            assertTrue(tasks.size() >= 50, t + ": " + tasks.size() + " of 60");
            for (Task task : tasks) {
                if (task instanceof Triplet tr) {
                    assertTrue(World.BROAD.writable(tr.output()) && World.BROAD.writable(tr.input()), tr.toString());
                    names.add(tr.program().substring(6, tr.program().indexOf(')')));
                } else {
                    InductionProblem ip = (InductionProblem) task;
                    assertTrue(ip.program().startsWith(TerseFormat.PROGRAM_HEAD), "induction programs are written as the solver writes them");
                }
            }
        }
        assertTrue(names.contains("a") && names.size() > 5, "arguments named a half of the time, else by their type: " + names);
        for (TaskType t : TaskType.values()) assertFalse(env.drawProposals(t, 20, rng, exec).isEmpty(), t.id());
    }

    @Test
    void loopProgramsAreMultiLineAndTrueByTheExecutor() {
        EnvironmentTasks env = new EnvironmentTasks(World.BROAD, 2, 6, 0.25, false, 0, 1.0, 0);
        SplittableRandom rng = new SplittableRandom(8);
        List<Task> tasks = env.draw(TaskType.DEDUCTION, 40, rng, exec);
        assertTrue(tasks.size() >= 36, tasks.size() + " of 40");
        Set<String> shapes = new HashSet<>();
        for (Task task : tasks) {
            Triplet tr = (Triplet) task;
            assertTrue(tr.program().lines().count() >= 4, tr.program());
            var rerun = exec.execute(List.of(new dev.azr4j.executor.ExecRequest.Run(tr.program(), tr.input()))).getFirst();
            assertEquals(tr.output(), rerun.output(), tr.program());
            shapes.add(tr.program().contains("while") ? "while" : tr.program().contains("enumerate") ? "enumerate"
                    : tr.program().contains("append") ? "append" : tr.program().contains("range") ? "range" : "other");
        }
        assertEquals(5, shapes.size(), "loops of every kind: " + shapes);
        for (Task t : env.draw(TaskType.INDUCTION, 10, rng, exec))
            assertTrue(((InductionProblem) t).program().startsWith(TerseFormat.PROGRAM_HEAD), "induction stays one line");
    }

    @Test
    void aNarrowShareDrawsNarrowProgramsWithNarrowValues() throws Exception {
        EnvironmentTasks env = new EnvironmentTasks(World.BROAD, 2, 6, 0.25, false, 0, 0, 1.0);
        Grammar narrow = Grammar.parse(TerseGrammars.of(TaskType.DEDUCTION, Role.PROPOSE, 6).gbnf(), "n");
        for (Task task : env.draw(TaskType.DEDUCTION, 30, new SplittableRandom(4), exec)) {
            Triplet tr = (Triplet) task;
            String expr = TerseFormat.expression(tr.program());
            assertNotNull(expr, "the argument is a: " + tr.program());
            assertTrue(narrow.accepts(expr + "\nI:" + tr.input() + "\n"), tr.program() + " on " + tr.input());
        }
    }

    @Test
    void writableFollowsTheAnswerGrammarsBounds() {
        World w = World.BROAD;
        assertTrue(w.writable("[1, 2, 3, 4, 5, 6, 7, 8]"));
        assertFalse(w.writable("[1, 2, 3, 4, 5, 6, 7, 8, 9]"));
        assertTrue(w.writable("'" + "x".repeat(24) + "'"));
        assertFalse(w.writable("'" + "x".repeat(25) + "'"));
        assertTrue(w.writable("['a,b,c,d,e,f,g,h,i', 'b']"), "commas inside strings are not elements");
        assertFalse(w.writable("[[[[1]]]]"));
        assertTrue(World.NARROW.writable("[1, 2, 3, 4, 5, 6, 7, 8, 9]"), "the narrow world checks nothing");
    }

    @Test
    void theNarrowWorldIsIssueTensGenerator() {
        ProgramGenerator plain = new ProgramGenerator(2), narrow = new ProgramGenerator(World.NARROW, 2);
        SplittableRandom a = new SplittableRandom(9), b = new SplittableRandom(9);
        for (int i = 0; i < 500; i++) assertEquals(plain.program(a).source(), narrow.program(b).source());
        assertEquals(ProgramGrammar.rules(2), ProgramGrammar.rules(World.NARROW, 2));
    }

    private static Grammar parse(String gbnf) {
        try {
            return Grammar.parse(gbnf, "inputs");
        } catch (dev.azr4j.model.grammar.GrammarException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> descriptionsOf(Program p) {
        List<String> out = new ArrayList<>();
        for (String step : p.description().split(", then ")) out.add(shape(step));
        return out;
    }

    /** A description with its constants blanked: the operation it names. */
    private static String shape(String description) {
        return description.replaceAll("'[^']*'", "'?'").replaceAll("-?\\d+", "#").replace("{k}", "#");
    }
}
