package dev.azr4j.core.curriculum;

import static dev.azr4j.core.curriculum.ProgramGenerator.op;

import dev.azr4j.core.curriculum.ProgramGenerator.Op;
import dev.azr4j.core.curriculum.ProgramGenerator.Type;
import java.util.List;
import java.util.Map;

/**
 * The broad world's operations ({@link World#BROAD}): the narrow world's, with the constants a
 * programmer writes, and the everyday rest of Python's expressions on ints, strings, lists of ints
 * and lists of words: string methods, slices with steps, {@code enumerate}, {@code zip},
 * {@code range}, {@code set}, {@code map}, generator expressions, conditional expressions and
 * {@code key=} arguments. Placeholders as {@link Op}'s, and {@code {v}} for a comprehension's
 * element variable (one of {@link #ELEMENT_NAMES}). Written from the environment's side; no table
 * here is shared with a probe set.
 */
final class BroadOps {
    /** One-character string constants: letters of both cases, digits, a space and punctuation. */
    static final String CONSTANT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,!?-_:;#@";
    /** A comprehension's element variable. */
    static final List<String> ELEMENT_NAMES = List.of("v", "x", "y", "e", "item");
    /** An argument's names by type, besides {@code a} (never an element name, so no comprehension shadows it). */
    static final Map<Type, List<String>> ARGUMENT_NAMES = Map.of(
            Type.INT, List.of("n", "num", "k", "value", "m", "count", "z"),
            Type.STR, List.of("s", "text", "word", "name", "line", "string", "t", "msg"),
            Type.LIST, List.of("nums", "lst", "items", "arr", "values", "data", "xs", "numbers", "seq"),
            Type.STRS, List.of("words", "names", "tokens", "parts", "strs", "labels"));

    private BroadOps() {}

    static final List<Op> OPS = List.of(
            // int -> int
            op(Type.INT, Type.INT, "{x} + {k}", "add {k}", 1, 20, false),
            op(Type.INT, Type.INT, "{x} - {k}", "subtract {k}", 1, 20, false),
            op(Type.INT, Type.INT, "{k} - {x}", "subtract it from {k}", 0, 20, false),
            op(Type.INT, Type.INT, "{x} * {k}", "multiply by {k}", 2, 10, false),
            op(Type.INT, Type.INT, "{x} // {k}", "floor-divide by {k}", 2, 10, false),
            op(Type.INT, Type.INT, "{x} % {k}", "take the remainder modulo {k}", 2, 10, false),
            op(Type.INT, Type.INT, "abs({y})", "take the absolute value", 0, 0, true),
            op(Type.INT, Type.INT, "-{x}", "negate", 0, 0, false),
            op(Type.INT, Type.INT, "max({y}, {k})", "take the larger of it and {k}", -10, 20, true),
            op(Type.INT, Type.INT, "min({y}, {k})", "take the smaller of it and {k}", -10, 20, true),
            op(Type.INT, Type.INT, "{x} * {x}", "square", 0, 0, false),
            op(Type.INT, Type.INT, "{x} ** 2", "square", 0, 0, false),
            op(Type.INT, Type.INT, "len(str({y}))", "count the characters of its decimal form", 0, 0, true),
            op(Type.INT, Type.INT, "sum(range({y}))", "sum the numbers from 0 below it", 0, 0, true),
            op(Type.INT, Type.INT, "{x} + {k} if {x} > 0 else {x} - {k}", "move it {k} away from zero", 1, 10, false),
            op(Type.INT, Type.INT, "0 if {x} < {k} else {x}", "zero it below {k}", -5, 10, false),
            op(Type.INT, Type.INT, "{x} // 2 if {x} % 2 == 0 else 3 * {x} + 1", "take a Collatz step", 0, 0, false),
            // int -> other
            op(Type.INT, Type.STR, "str({y})", "write it as a string", 0, 0, true),
            op(Type.INT, Type.STR, "str({y})[::-1]", "write its digits backwards", 0, 0, true),
            op(Type.INT, Type.STR, "'{c}' * ({x} % {k})", "repeat '{c}' by it modulo {k}", 2, 6, false),
            op(Type.INT, Type.LIST, "[{y}, {x} + {k}]", "pair it with itself plus {k}", 1, 10, true),
            op(Type.INT, Type.LIST, "[{y}] * {k}", "repeat it {k} times in a list", 2, 4, false),
            op(Type.INT, Type.LIST, "[int({v}) for {v} in str(abs({y}))]", "list its digits", 0, 0, true),
            op(Type.INT, Type.LIST, "list(range({x} % {k}))", "count from 0 below it modulo {k}", 2, 8, true),
            op(Type.INT, Type.BOOL, "{x} > {k}", "say whether it is greater than {k}", -10, 20, false),
            op(Type.INT, Type.BOOL, "{x} < {k}", "say whether it is less than {k}", -10, 20, false),
            op(Type.INT, Type.BOOL, "{x} == {k}", "say whether it equals {k}", -5, 10, false),
            op(Type.INT, Type.BOOL, "{x} % 2 == 0", "say whether it is even", 0, 0, false),
            op(Type.INT, Type.BOOL, "{x} % {k} == 0", "say whether {k} divides it", 3, 7, false),
            // str -> str
            op(Type.STR, Type.STR, "{x}.upper()", "upper-case it", 0, 0, true),
            op(Type.STR, Type.STR, "{x}.lower()", "lower-case it", 0, 0, true),
            op(Type.STR, Type.STR, "{x}.swapcase()", "swap the case of its letters", 0, 0, true),
            op(Type.STR, Type.STR, "{x}.capitalize()", "capitalise it", 0, 0, true),
            op(Type.STR, Type.STR, "{x}.strip()", "strip the spaces at its ends", 0, 0, true),
            op(Type.STR, Type.STR, "{x}[::-1]", "reverse it", 0, 0, true),
            op(Type.STR, Type.STR, "{x} + '{c}'", "append '{c}'", 0, 0, false),
            op(Type.STR, Type.STR, "'{c}' + {x}", "prepend '{c}'", 0, 0, false),
            op(Type.STR, Type.STR, "{x} * 2", "repeat it twice", 0, 0, false),
            op(Type.STR, Type.STR, "{x}[1:]", "drop the first character", 0, 0, true),
            op(Type.STR, Type.STR, "{x}[:-1]", "drop the last character", 0, 0, true),
            op(Type.STR, Type.STR, "{x}[:{k}]", "keep the first {k} characters", 1, 5, true),
            op(Type.STR, Type.STR, "{x}[{k}:]", "drop the first {k} characters", 1, 3, true),
            op(Type.STR, Type.STR, "{x}[::2]", "keep every other character", 0, 0, true),
            op(Type.STR, Type.STR, "''.join(sorted({y}))", "sort its characters", 0, 0, true),
            op(Type.STR, Type.STR, "{x}.replace('{c}', '{d}')", "replace '{c}' by '{d}'", 0, 0, true),
            op(Type.STR, Type.STR, "{x}.replace('{c}', '')", "delete every '{c}'", 0, 0, true),
            op(Type.STR, Type.STR, "'{c}'.join({y})", "put '{c}' between its characters", 0, 0, true),
            op(Type.STR, Type.STR, "''.join({v} for {v} in {x} if {v}.isalpha())", "keep its letters", 0, 0, true),
            op(Type.STR, Type.STR, "''.join({v} for {v} in {x} if {v} != '{c}')", "drop every '{c}'", 0, 0, true),
            // str -> other
            op(Type.STR, Type.INT, "len({y})", "take its length", 0, 0, true),
            op(Type.STR, Type.INT, "{x}.count('{c}')", "count the character '{c}'", 0, 0, true),
            op(Type.STR, Type.INT, "{x}.find('{c}')", "find the first '{c}' (-1 if none)", 0, 0, true),
            op(Type.STR, Type.INT, "len({x}.split())", "count its words", 0, 0, true),
            op(Type.STR, Type.INT, "sum({v}.isdigit() for {v} in {x})", "count its digits", 0, 0, true),
            op(Type.STR, Type.INT, "sum(1 for {v} in {x} if {v}.isupper())", "count its capitals", 0, 0, true),
            op(Type.STR, Type.LIST, "[len({y}), {x}.count('{c}')]", "list its length and its count of '{c}'", 0, 0, true),
            op(Type.STR, Type.LIST, "[ord({v}) for {v} in {x}]", "list its character codes", 0, 0, true),
            op(Type.STR, Type.STRS, "{x}.split()", "split it into words", 0, 0, true),
            op(Type.STR, Type.STRS, "{x}.split('{c}')", "split it at '{c}'", 0, 0, true),
            op(Type.STR, Type.STRS, "list({y})", "list its characters", 0, 0, true),
            op(Type.STR, Type.STRS, "sorted({y})", "list its characters in order", 0, 0, true),
            op(Type.STR, Type.BOOL, "'{c}' in {x}", "say whether it contains '{c}'", 0, 0, false),
            op(Type.STR, Type.BOOL, "{x} == {x}[::-1]", "say whether it is a palindrome", 0, 0, false),
            op(Type.STR, Type.BOOL, "{x}.isdigit()", "say whether it is all digits", 0, 0, true),
            op(Type.STR, Type.BOOL, "{x}.isalpha()", "say whether it is all letters", 0, 0, true),
            op(Type.STR, Type.BOOL, "{x}.islower()", "say whether it is lower-case", 0, 0, true),
            op(Type.STR, Type.BOOL, "{x}.startswith('{c}')", "say whether it starts with '{c}'", 0, 0, true),
            op(Type.STR, Type.BOOL, "{x}.endswith('{c}')", "say whether it ends with '{c}'", 0, 0, true),
            op(Type.STR, Type.BOOL, "len({y}) > {k}", "say whether it is longer than {k}", 1, 8, false),
            // list -> list
            op(Type.LIST, Type.LIST, "sorted({y})", "sort it", 0, 0, true),
            op(Type.LIST, Type.LIST, "sorted({y}, reverse=True)", "sort it in falling order", 0, 0, true),
            op(Type.LIST, Type.LIST, "{x}[::-1]", "reverse it", 0, 0, true),
            op(Type.LIST, Type.LIST, "[{v} + {k} for {v} in {x}]", "add {k} to every element", 1, 10, true),
            op(Type.LIST, Type.LIST, "[{v} * {k} for {v} in {x}]", "multiply every element by {k}", 2, 5, true),
            op(Type.LIST, Type.LIST, "[{v} * {v} for {v} in {x}]", "square every element", 0, 0, true),
            op(Type.LIST, Type.LIST, "[abs({v}) for {v} in {x}]", "take every element's absolute value", 0, 0, true),
            op(Type.LIST, Type.LIST, "[{v} % {k} for {v} in {x}]", "take every element modulo {k}", 2, 5, true),
            op(Type.LIST, Type.LIST, "[{v} for {v} in {x} if {v} > {k}]", "keep the elements greater than {k}", -5, 5, true),
            op(Type.LIST, Type.LIST, "[{v} for {v} in {x} if {v} % 2 == 0]", "keep the even elements", 0, 0, true),
            op(Type.LIST, Type.LIST, "[{v} for {v} in {x} if {v} != {k}]", "drop every {k}", -3, 5, true),
            op(Type.LIST, Type.LIST, "{x} + [{k}]", "append {k}", -10, 10, false),
            op(Type.LIST, Type.LIST, "[{k}] + {x}", "prepend {k}", -10, 10, false),
            op(Type.LIST, Type.LIST, "{x}[1:]", "drop the first element", 0, 0, true),
            op(Type.LIST, Type.LIST, "{x}[:-1]", "drop the last element", 0, 0, true),
            op(Type.LIST, Type.LIST, "{x}[:{k}]", "keep the first {k} elements", 1, 4, true),
            op(Type.LIST, Type.LIST, "{x}[::2]", "keep every other element", 0, 0, true),
            op(Type.LIST, Type.LIST, "sorted(set({y}))", "sort its distinct elements", 0, 0, true),
            op(Type.LIST, Type.LIST, "[i * {v} for i, {v} in enumerate({x})]", "multiply every element by its index", 0, 0, true),
            op(Type.LIST, Type.LIST, "[{v} + i for i, {v} in enumerate({x})]", "add its index to every element", 0, 0, true),
            op(Type.LIST, Type.LIST, "[p + q for p, q in zip({x}, {x}[1:])]", "sum each pair of neighbours", 0, 0, true),
            op(Type.LIST, Type.LIST, "[q - p for p, q in zip({x}, {x}[1:])]", "take the differences of neighbours", 0, 0, true),
            // list -> other
            op(Type.LIST, Type.INT, "len({y})", "take its length", 0, 0, true),
            op(Type.LIST, Type.INT, "sum({y})", "sum it", 0, 0, true),
            op(Type.LIST, Type.INT, "max({y})", "take its largest element", 0, 0, true),
            op(Type.LIST, Type.INT, "min({y})", "take its smallest element", 0, 0, true),
            op(Type.LIST, Type.INT, "{x}[0]", "take its first element", 0, 0, true),
            op(Type.LIST, Type.INT, "{x}[-1]", "take its last element", 0, 0, true),
            op(Type.LIST, Type.INT, "{x}.count({k})", "count the elements equal to {k}", -3, 5, true),
            op(Type.LIST, Type.INT, "len(set({y}))", "count its distinct elements", 0, 0, true),
            op(Type.LIST, Type.INT, "max({y}) - min({y})", "take its range", 0, 0, false),
            op(Type.LIST, Type.INT, "sum({v} * {v} for {v} in {x})", "sum the squares", 0, 0, true),
            op(Type.LIST, Type.INT, "sum(1 for {v} in {x} if {v} > {k})", "count the elements greater than {k}", -5, 5, true),
            op(Type.LIST, Type.INT, "{x}.index(max({y}))", "find where its largest element is", 0, 0, true),
            op(Type.LIST, Type.STR, "str({y})", "write it as a string", 0, 0, true),
            op(Type.LIST, Type.STR, "','.join(map(str, {y}))", "join its elements with commas", 0, 0, true),
            op(Type.LIST, Type.STR, "''.join(str({v}) for {v} in {x})", "write its elements one after another", 0, 0, true),
            op(Type.LIST, Type.BOOL, "{k} in {x}", "say whether {k} is in it", -3, 5, false),
            op(Type.LIST, Type.BOOL, "{x} == sorted({x})", "say whether it is sorted", 0, 0, false),
            op(Type.LIST, Type.BOOL, "len({y}) > {k}", "say whether it has more than {k} elements", 0, 5, false),
            op(Type.LIST, Type.BOOL, "all({v} > 0 for {v} in {x})", "say whether every element is positive", 0, 0, true),
            op(Type.LIST, Type.BOOL, "any({v} % 2 == 0 for {v} in {x})", "say whether an element is even", 0, 0, true),
            op(Type.LIST, Type.BOOL, "sum({y}) > {k}", "say whether its sum is greater than {k}", -10, 20, false),
            // list of words -> other
            op(Type.STRS, Type.STRS, "sorted({y})", "sort the words", 0, 0, true),
            op(Type.STRS, Type.STRS, "{x}[::-1]", "reverse the words' order", 0, 0, true),
            op(Type.STRS, Type.STRS, "sorted({y}, key=len)", "sort the words by length", 0, 0, true),
            op(Type.STRS, Type.STRS, "[{v}.upper() for {v} in {x}]", "upper-case every word", 0, 0, true),
            op(Type.STRS, Type.STRS, "[{v}[::-1] for {v} in {x}]", "reverse every word", 0, 0, true),
            op(Type.STRS, Type.STRS, "[{v} for {v} in {x} if len({v}) > {k}]", "keep the words longer than {k}", 1, 4, true),
            op(Type.STRS, Type.STRS, "{x}[1:]", "drop the first word", 0, 0, true),
            op(Type.STRS, Type.STRS, "{x} + ['{c}']", "append the word '{c}'", 0, 0, false),
            op(Type.STRS, Type.INT, "len({y})", "count the words", 0, 0, true),
            op(Type.STRS, Type.INT, "sum(len({v}) for {v} in {x})", "count the letters of all the words", 0, 0, true),
            op(Type.STRS, Type.INT, "len(max({y}, key=len))", "take the longest word's length", 0, 0, true),
            op(Type.STRS, Type.STR, "' '.join({y})", "join the words with spaces", 0, 0, true),
            op(Type.STRS, Type.STR, "''.join({y})", "join the words", 0, 0, true),
            op(Type.STRS, Type.STR, "'{c}'.join({y})", "join the words with '{c}'", 0, 0, true),
            op(Type.STRS, Type.STR, "{x}[0]", "take the first word", 0, 0, true),
            op(Type.STRS, Type.STR, "{x}[-1]", "take the last word", 0, 0, true),
            op(Type.STRS, Type.STR, "max({y})", "take the last word in order", 0, 0, true),
            op(Type.STRS, Type.STR, "max({y}, key=len)", "take the longest word", 0, 0, true),
            op(Type.STRS, Type.LIST, "[len({v}) for {v} in {x}]", "list the words' lengths", 0, 0, true),
            op(Type.STRS, Type.BOOL, "'{c}' in {x}", "say whether '{c}' is one of the words", 0, 0, false),
            op(Type.STRS, Type.BOOL, "{x} == sorted({x})", "say whether the words are in order", 0, 0, false),
            // bool -> other
            op(Type.BOOL, Type.INT, "int({y})", "turn the truth value into 0 or 1", 0, 0, true),
            op(Type.BOOL, Type.BOOL, "not {x}", "negate the truth value", 0, 0, false),
            op(Type.BOOL, Type.STR, "str({y})", "write the truth value as a string", 0, 0, true),
            op(Type.BOOL, Type.STR, "'yes' if {x} else 'no'", "say yes or no", 0, 0, false));
}
