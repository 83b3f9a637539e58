#!/usr/bin/env python3
"""Generates src/main/resources/dev/azr4j/model/grammar/python-program.gbnf.

GBNF has no parameters, so the rules that depend on which names are in scope (the function's
parameters, the locals r/out/d, loop variables) are spelled out once per scope; expressions are
typed (int, str, list of int, bool) and nest at most two levels, so that a random walk writes
programs that parse and mostly run: no unbound names, no division by a variable, no indexing that
can fail, loops only over ranges of small values or over copies of sequences.

Run: python3 azr4j-model/tools/gen_python_program.py > azr4j-model/src/main/resources/dev/azr4j/model/grammar/python-program.gbnf
"""

SIGS = [  # (signature text, int names, str names, list names)
    ("n", ["n"], [], []),
    ("s", [], ["s"], []),
    ("xs", [], [], ["xs"]),
    ("xs, n", ["n"], [], ["xs"]),
    ("s, n", ["n"], ["s"], []),
]
LOOP_VARS = {1: {"i": "i", "x": "x", "c": "c"}, 2: {"i": "j", "x": "y", "c": "ch"}}

rules = {}
order = []


def rule(name, body):
    if name not in rules:
        rules[name] = body
        order.append(name)
    return name


def alts(xs):
    return " | ".join(xs)


def lit(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def scope_rules(sig_i, extra):
    """Defines the expression rules of a scope; returns its suffix."""
    sig, ints, strs, lists = SIGS[sig_i]
    ints = ints + ["r"] + [v for k, v in extra if k == "i" or k == "x"]
    strs = strs + [v for k, v in extra if k == "c"]
    lists = lists + ["out"]
    range_ints = [v for v in ints if v != "r"]
    sfx = "-%d%s" % (sig_i, "".join("-" + v for _, v in extra))
    I0, I1, I2 = "i0" + sfx, "i1" + sfx, "i2" + sfx
    S0, S1 = "s0" + sfx, "s1" + sfx
    L0, L1 = "l0" + sfx, "l1" + sfx
    B0, B1 = "b0" + sfx, "b1" + sfx
    R, IT = "rng" + sfx, "iter" + sfx
    rule(I0, alts([lit(v) for v in ints] + ["digit", '"len(" ' + L0 + ' ")"'] + (['"len(" ' + S0 + ' ")"'] if strs else [])))
    rule(I1, alts([I0, I0 + ' " + " ' + I0, I0 + ' " - " ' + I0, I0 + ' " * " digit', I0 + ' " // " pos', I0 + ' " % " pos',
                   '"-" ' + I0, '"abs(" ' + I0 + ' ")"', '"min(" ' + I0 + ' ", " ' + I0 + ' ")"', '"max(" ' + I0 + ' ", " ' + I0 + ' ")"',
                   '"sum(" ' + L0 + ' ")"', '"max(" ' + L0 + ' ", default=0)"', '"min(" ' + L0 + ' ", default=0)"',
                   L0 + ' ".count(" ' + I0 + ' ")"', '"d.get(" ' + I0 + ' ", 0)"', '"len(d)"']
                  + ([S0 + ' ".count(" ' + S0 + ' ")"', '"ord((" ' + S0 + ' " + \' \')[0])"'] if strs else [])))
    rule(I2, alts([I1, I1 + ' " + " ' + I1, I1 + ' " - " ' + I1, '"(" ' + I1 + ' ") * " digit']))
    rule(S0, alts([lit(v) for v in strs] + ["strlit"]))
    rule(S1, alts([S0, S0 + ' " + " ' + S0, S0 + ' "[::-1]"', S0 + ' ".upper()"', S0 + ' ".lower()"', S0 + ' ".strip()"',
                   S0 + ' "[" ' + I0 + ' ":]"', S0 + ' "[:" ' + I0 + ' "]"', '"str(" ' + I0 + ' ")"', S0 + ' " * " small',
                   '"\'\'.join(sorted(" ' + S0 + ' "))"', S0 + ' ".replace(" ' + S0 + ' ", " ' + S0 + ' ")"']))
    rule(L0, alts([lit(v) for v in lists] + ['"[]"', '"[" ' + I0 + ' (", " ' + I0 + '){0,2} "]"']))
    rule(L1, alts([L0, '"sorted(" ' + L0 + ' ")"', '"sorted(" ' + L0 + ' ", reverse=True)"', L0 + ' " + " ' + L0,
                   L0 + ' "[" ' + I0 + ' ":]"', L0 + ' "[:" ' + I0 + ' "]"', L0 + ' "[::-1]"', L0 + ' "[::2]"',
                   '"list(range(" ' + R + ' "))"', '"[v" vop " for v in " ' + L0 + ' (" if " vcond)? "]"',
                   '"list(d.keys())"', '"list(d.values())"']
                  + (['"[ord(c) for c in " ' + S0 + ' "]"'] if strs else [])))
    rule(B0, alts([I0 + " cmp " + I0, '"True"', '"False"', I0 + ' " % 2 == 0"']
                  + ([S0 + ' " == " ' + S0, S0 + ' " in " ' + S0, S0 + ' ".isdigit()"', S0 + ' ".isalpha()"', S0 + ' ".startswith(" ' + S0 + ' ")"'] if strs else [])))
    rule(B1, alts([B0, '"not " ' + B0, B0 + ' " and " ' + B0, B0 + ' " or " ' + B0, I1 + " cmp " + I1, I0 + ' " in " ' + L1, I0 + ' " in d"']))
    rule(R, alts([lit(v) for v in range_ints] + ["digit", '"len(" ' + L0 + ' ")"'] + (['"len(" ' + S0 + ' ")"'] if strs else [])))
    iters = [lit(v) for v in SIGS[sig_i][3]] + ['"sorted(out)"', '"[" digit (", " digit){0,3} "]"']
    rule(IT, alts(iters))
    return sfx


def expr_any(sfx):
    return alts(["i2" + sfx, "s1" + sfx, "l1" + sfx, "b1" + sfx, '"d"', '"(" i1%s ", " s1%s ")"' % (sfx, sfx),
                 '"(" i1%s ", " l1%s ")"' % (sfx, sfx), '"[" i1%s ", " i1%s "]"' % (sfx, sfx)])


def block(sig_i, extra, depth):
    """Defines the block rule at indentation depth (1-based) for a scope; returns its name."""
    sfx = scope_rules(sig_i, extra)
    name = "block%d%s" % (depth, sfx)
    if name in rules:
        return name
    rules[name] = None  # reserve
    order.append(name)
    ind = lit("    " * depth)
    sig, ints, strs, lists = SIGS[sig_i]
    simple = [ind + ' "r = " i2' + sfx, ind + ' "r += " i1' + sfx, ind + ' "r -= " i1' + sfx,
              ind + ' "out.append(" i1' + sfx + ' ")"', ind + ' "out = " l1' + sfx,
              ind + ' "d[" i0' + sfx + ' "] = " i1' + sfx]
    simple += [ind + ' "%s = " s1%s' % (v, sfx) for v in strs]
    simple += [ind + ' "%s = " l1%s' % (v, sfx) for v in lists]
    stmts = [s + ' "\\n"' for s in simple]
    if depth <= 3:
        inner = block(sig_i, extra, depth + 1) if depth < 3 else None
        if inner:
            stmts.append(ind + ' "if " b1' + sfx + ' ":\\n" ' + inner + " (" + ind + ' "else:\\n" ' + inner + ")?")
    if depth <= 2:
        names = LOOP_VARS[depth]
        kinds = (("i", '"range(" rng%s ")"' % sfx), ("x", "iter" + sfx), ("c", "s0" + sfx))
        for kind, src in (kinds if depth == 1 else kinds[:1]):  # nested loops: ranges only, to keep the grammar small
            v = names[kind]
            inner = block(sig_i, extra + [(kind, v)], depth + 1)
            stmts.append(ind + ' "for %s in " ' % v + src + ' ":\\n" ' + inner)
    stmt = rule("stmt%d%s" % (depth, sfx), alts(stmts))
    rules[name] = stmt + " " + stmt + "? " + stmt + "?"
    return name


def main():
    sig_alts = []
    for i, (sig, ints, strs, lists) in enumerate(SIGS):
        sfx = scope_rules(i, [])
        body = block(i, [], 1)
        rule("body" + sfx, '"    r = " digit "\\n    out = []\\n    d = {}\\n" %s "    return " ret%s "\\n"' % (body, sfx))
        rule("ret" + sfx, expr_any(sfx))
        sig_alts.append('"%s):\\n" body%s' % (sig, sfx))
    head = [
        "# A Python subset for proposed programs, generated by azr4j-model/tools/gen_python_program.py: edit that, not this.",
        "# def f(...) over ints, strings and lists of ints, with locals r (int), out (list) and d (dict int -> int);",
        "# typed expressions (arithmetic, comparisons, boolean logic, slicing, comprehensions, builtins and methods);",
        "# if/else and for over ranges and sequences, nested up to three 4-space indentation levels.",
        "root ::= \"def f(\" (" + " | ".join(sig_alts) + ")",
        'digit ::= [0-9]',
        'small ::= [0-3]',
        'pos ::= [1-9]',
        'cmp ::= " == " | " != " | " < " | " <= " | " > " | " >= "',
        'vop ::= "" | " + " digit | " - " digit | " * " digit | " // " pos | " % " pos',
        'vcond ::= "v" cmp digit | "v % " pos " == 0"',
        "strlit ::= \"'\" [a-z]{0,4} \"'\"",
    ]
    print("\n".join(head))
    for name in order:
        print("%s ::= %s" % (name, rules[name]))


main()
