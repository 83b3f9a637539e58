package dev.azr4j.eval.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The probe generators draw every operation, template and value kind, with the seed alone deciding what. */
class ProgramsCoverageTest {

    @Test
    void everyOperationIsDrawnAloneAndInChains() {
        Set<String> all = Ops.ALL.stream().map(Op::name).collect(Collectors.toSet());
        assertEquals(Ops.ALL.size(), all.size(), "operation names are unique");
        for (PyType t : PyType.values()) if (t.argument()) assertFalse(Ops.from(t).isEmpty(), "operations on " + t);
        SplittableRandom r = new SplittableRandom(1);
        Set<String> single = new HashSet<>(), chained = new HashSet<>();
        ChainedPrograms one = new ChainedPrograms(1, 1), many = new ChainedPrograms(3, 4);
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            ProbeProgram p = one.next(r);
            assertEquals(1, p.parts().size());
            single.addAll(p.parts());
            ProbeProgram q = many.next(r);
            lengths.add(q.parts().size());
            chained.addAll(q.parts());
        }
        assertEquals(all, single, "every operation as a one-operation program");
        assertEquals(Set.of(3, 4), lengths);
        Set<String> missing = new HashSet<>(all);
        missing.removeAll(chained);
        assertTrue(missing.isEmpty(), "operations never chained: " + missing);
    }

    @Test
    void everyTemplateIsDrawnAndEveryProgramHasALoopAConditionalAndALocal() {
        SplittableRandom r = new SplittableRandom(2);
        MultilinePrograms m = new MultilinePrograms();
        Set<String> drawn = new HashSet<>(), sources = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ProbeProgram p = m.next(r);
            drawn.addAll(p.parts());
            sources.add(p.source());
            String s = p.source();
            assertTrue(s.lines().count() >= 4, s);
            assertTrue(s.contains("    for ") || s.contains("    while "), "a loop: " + s);
            assertTrue(s.contains(" if "), "a conditional: " + s);
        }
        assertEquals(MultilinePrograms.TEMPLATES.stream().map(MultilinePrograms.Template::name).collect(Collectors.toSet()), drawn);
        assertTrue(sources.size() > 1000, "templates vary: " + sources.size() + " distinct of 2000");
    }

    @Test
    void valuesCoverPrintableAsciiWideIntsAndVariedLists() {
        SplittableRandom r = new SplittableRandom(3);
        boolean lower = false, upper = false, digit = false, space = false, punct = false, empty = false;
        int minInt = 0, maxInt = 0, small = 0;
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            String s = Values.string(r, null);
            empty |= s.isEmpty();
            for (char c : s.toCharArray()) {
                assertTrue(c >= 0x20 && c < 0x7f, "printable ASCII: " + s);
                lower |= Character.isLowerCase(c);
                upper |= Character.isUpperCase(c);
                digit |= Character.isDigit(c);
                space |= c == ' ';
                punct |= Values.PUNCTUATION.indexOf(c) >= 0;
            }
            int v = Values.smallInt(r);
            assertTrue(Math.abs(v) <= 100, "ints up to ±100: " + v);
            minInt = Math.min(minInt, v);
            maxInt = Math.max(maxInt, v);
            if (Math.abs(v) < 10) small++;
            lengths.add(Values.intList(r, false, null).size());
            lengths.add(Values.stringList(r, false, null).size());
        }
        assertTrue(lower && upper && digit && space && punct && empty, "every kind of character, and the empty string");
        assertTrue(minInt <= -90 && maxInt >= 90, "ints reach ±100: " + minInt + ".." + maxInt);
        assertTrue(small > 1200, "small ints most often: " + small + " of 3000");
        assertTrue(lengths.containsAll(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8)), "list lengths 0-8: " + lengths);
        Set<String> names = new HashSet<>();
        ChainedPrograms one = new ChainedPrograms(1, 1);
        for (int i = 0; i < 1000; i++) {
            String src = one.next(r).source();
            names.add(src.substring(6, src.indexOf(')')));
        }
        assertTrue(names.size() >= 15 && !names.contains("a"), "parameter names: " + names);
    }

    @Test
    void reprIsPythons() {
        assertEquals("'abc'", Values.repr("abc"));
        assertEquals("\"it's\"", Values.repr("it's"));
        assertEquals("'say \"it\\'s\"'", Values.repr("say \"it's\""));
        assertEquals("'a\\\\b'", Values.repr("a\\b"));
    }

    @Test
    void theSeedAloneDecidesThePrograms() {
        for (ProbeProgram.Source s : List.of(new ChainedPrograms(1, 1), new ChainedPrograms(3, 4), new MultilinePrograms())) {
            SplittableRandom a = new SplittableRandom(9), b = new SplittableRandom(9);
            for (int i = 0; i < 200; i++) assertEquals(s.next(a).source(), s.next(b).source());
        }
    }
}
