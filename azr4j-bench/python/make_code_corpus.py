#!/usr/bin/env python3
"""Writes a JSON-lines corpus {"text": ...} of Python source (the interpreter's own stdlib, sorted,
cut in 4000-character pieces) for tokenizer benchmarks: AZR prompts and completions are mostly code.

usage: make_code_corpus.py OUT_JSONL [MAX_FILES]
"""
import glob, json, os, sys, sysconfig

out, max_files = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200
files = sorted(glob.glob(os.path.join(sysconfig.get_paths()["stdlib"], "*.py")))[:max_files]
with open(out, "w", encoding="utf-8") as f:
    for path in files:
        src = open(path, encoding="utf-8", errors="replace").read()
        for i in range(0, len(src), 4000):
            f.write(json.dumps({"text": src[i:i + 4000]}) + "\n")
