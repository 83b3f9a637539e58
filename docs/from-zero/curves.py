#!/usr/bin/env python3
"""Probe curves of azr train runs: one CSV per run (step, minutes, probe accuracies, baselines,
proposal validity and learnability, imitation NLL) and a markdown summary on stdout.
Usage: docs/from-zero/curves.py OUT_DIR RUN_DIR[=LABEL] ..."""
import csv, json, os, sys

TASKS = ("output", "input", "program")

def rows(run):
    with open(os.path.join(run, "metrics.jsonl")) as f:
        return [json.loads(l) for l in f if l.strip()]

def batch_size(run):
    """selfplay.batch_size of the run's resolved config.yaml (proposals per task type per step)."""
    import re
    with open(os.path.join(run, "config.yaml")) as f:
        m = re.search(r"^selfplay:\n(?:  .*\n)*?  batch_size: (\d+)", f.read(), re.M)
    return int(m.group(1)) if m else None

def nonconstant_nonduplicate(q, batch):
    """The issue's validity: proposals that ran and are neither constant nor duplicates (a probe
    program, which the gate also rejects so that the probes stay unseen, counts as valid here)."""
    types = ("abduction", "deduction", "induction")
    n = sum(batch for m in q for t in types if m.get("propose/%s/valid_rate" % t) is not None)
    bad = sum(v for m in q for k, v in m.items() if k.startswith("propose/") and "/invalid/" in k and not k.endswith("/probe_program"))
    return None if not n else 1 - bad / n

def invalid_shares(q, batch):
    """Of all proposals in q: duplicates, constant deduction/abduction programs, induction inputs that
    all give one output, and every other reason but probe_program (percent, one decimal each)."""
    types = ("abduction", "deduction", "induction")
    n = sum(batch for m in q for t in types if m.get("propose/%s/valid_rate" % t) is not None)
    if not n:
        return "–"
    kinds = {"dup": 0, "const": 0, "ind": 0, "other": 0}
    for m in q:
        for k, v in m.items():
            if not (k.startswith("propose/") and "/invalid/" in k) or k.endswith("/probe_program"):
                continue
            t, reason = k.split("/")[1], k.rsplit("/", 1)[1]
            kind = "dup" if reason == "duplicate" else "ind" if reason == "constant_output" and t == "induction" \
                else "const" if reason == "constant_output" else "other"
            kinds[kind] += v
    return " / ".join("%.1f" % (100 * kinds[k] / n) for k in ("dup", "const", "ind", "other"))

def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None

def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    print("| run | steps | minutes | probe output % (first → last) | input % | program % | valid % (last quarter) | non-constant, non-duplicate % (last quarter) | duplicate / constant / induction constant / other % | learnability (last quarter) | imitation NLL (last) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for arg in sys.argv[2:]:
        run, _, label = arg.partition("=")
        label = label or os.path.basename(run.rstrip("/"))
        rs = rows(run)
        elapsed, series = 0.0, []
        for m in rs:
            elapsed += (m.get("perf/step_s") or 0) + (m.get("time/eval_s") or 0)
            if "probe/output/accuracy" in m:
                series.append([m["step"], round(elapsed / 60, 2)] + [m.get("probe/%s/accuracy" % t) for t in TASKS]
                              + [m.get("probe/%s/best_constant" % t) for t in TASKS] + [m.get("probe/%s/copy" % t) for t in TASKS]
                              + [m.get("policy/imitation_nll")])
        with open(os.path.join(out, label + ".csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["step", "minutes"] + ["probe_%s" % t for t in TASKS] + ["best_constant_%s" % t for t in TASKS]
                       + ["copy_%s" % t for t in TASKS] + ["imitation_nll"])
            w.writerows(series)
        q = rs[len(rs) * 3 // 4:]
        valid = mean([mean([m.get("propose/%s/valid_rate" % t) for t in ("abduction", "deduction", "induction")]) for m in q])
        learn = mean([mean([m.get("propose/%s/learnability" % t) for t in ("abduction", "deduction", "induction")]) for m in q])
        pct = lambda v: "–" if v is None else "%.1f" % (100 * v)
        first, last = series[0] if series else None, series[-1] if series else None
        cell = lambda i: "%s → %s" % (pct(first[2 + i]), pct(last[2 + i])) if series else "–"
        issue = nonconstant_nonduplicate(q, batch_size(run))
        print("| %s | %d | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |" % (label, rs[-1]["step"], elapsed / 60, cell(0), cell(1), cell(2),
              pct(valid), pct(issue), invalid_shares(q, batch_size(run)), "–" if learn is None else "%.3f" % learn, "–" if last is None or last[-1] is None else "%.2f" % last[-1]))

if __name__ == "__main__":
    main()
