#!/usr/bin/env python3
"""Tokenizer encoding speed, azr4j vs HuggingFace `tokenizers`, same corpus, same run.

usage: tokenizer_bench.py TOKENIZER_JSON CORPUS_JSONL JAVA_CLASSPATH [WARM_PASSES]
Both sides: load time, a cold pass with a fresh tokenizer, the median of warm passes, one thread
(HF `encode` in a loop); HF `encode_batch` (its Rayon thread pool, all cores) is shown as well.
"""
import json, os, statistics, subprocess, sys, time

def hf(path, texts, passes):
    from tokenizers import Tokenizer, __version__
    t0 = time.perf_counter(); tok = Tokenizer.from_file(path); load = time.perf_counter() - t0
    t0 = time.perf_counter(); tokens = sum(len(tok.encode(t, add_special_tokens=False).ids) for t in texts); cold = time.perf_counter() - t0
    warm = []
    for _ in range(passes):
        t0 = time.perf_counter()
        for t in texts:
            tok.encode(t, add_special_tokens=False)
        warm.append(time.perf_counter() - t0)
    batch = []
    for _ in range(passes):
        t0 = time.perf_counter(); tok.encode_batch(texts, add_special_tokens=False); batch.append(time.perf_counter() - t0)
    return {"impl": "HF tokenizers " + __version__, "tokens": tokens, "load_s": round(load, 3),
            "cold_tokens_per_s": round(tokens / cold), "warm_tokens_per_s": round(tokens / statistics.median(warm)),
            "batch_tokens_per_s": round(tokens / statistics.median(batch))}

def main():
    path, corpus, classpath = sys.argv[1:4]
    passes = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    texts = [json.loads(l)["text"] for l in open(corpus, encoding="utf-8") if l.strip()]
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    out = subprocess.run([java, "-cp", classpath, "dev.azr4j.bench.TokenizerBench", path, corpus, str(passes)],
                         capture_output=True, text=True, check=True).stdout
    azr = json.loads(out.strip().splitlines()[-1])
    ref = hf(path, texts, passes)
    assert azr["tokens"] == ref["tokens"], (azr["tokens"], ref["tokens"])
    print(f"corpus: {len(texts)} texts, {sum(map(len, texts))} chars, {ref['tokens']} tokens")
    print("| implementation | load (s) | cold tokens/s | warm tokens/s (1 thread) | encode_batch tokens/s |")
    print("|---|---|---|---|---|")
    print(f"| azr4j BpeTokenizer | {azr['load_s']} | {azr['cold_tokens_per_s']:.0f} | {azr['warm_tokens_per_s']:.0f} | – |")
    print(f"| {ref['impl']} | {ref['load_s']} | {ref['cold_tokens_per_s']} | {ref['warm_tokens_per_s']} | {ref['batch_tokens_per_s']} |")

main()
