#!/usr/bin/env python3
"""Writes small tokenizer.json variants and their HF `tokenizers` golden encodings, the fixtures of
azr4j-model's BpeTokenizerFlagsTest: added tokens with lstrip/rstrip/single_word/normalized, the
GPT-2 ByteLevel regex with add_prefix_space, ignore_merges, and [a, b] merge syntax.

usage: make_tokenizer_fixtures.py OUT_DIR   (needs `pip install tokenizers`)
"""
import json, os, random, sys
from tokenizers import Tokenizer

def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xa1, 0xac + 1)) + list(range(0xae, 0xff + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    return dict(zip(bs, map(chr, cs)))

B2U = bytes_to_unicode()
CORPUS = "the cat sat on the mat. hello world! the theme of these thesis: 'tis the end, ain't it? déjà vu 12345"

def build_vocab_and_merges(n_merges):
    vocab = {B2U[b]: i for i, b in enumerate(sorted(B2U))}
    words = [[B2U[b] for b in (" " + w).encode()] for w in CORPUS.split()]
    merges = []
    while len(merges) < n_merges:
        counts = {}
        for w in words:
            for a, b in zip(w, w[1:]):
                counts[(a, b)] = counts.get((a, b), 0) + 1
        if not counts:
            break
        (a, b), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        merges.append((a, b))
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
        new_words = []
        for w in words:
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(a + b); i += 2
                else:
                    out.append(w[i]); i += 1
            new_words.append(out)
        words = new_words
    return vocab, merges

def added(id_, content, special, normalized, lstrip=False, rstrip=False, single_word=False):
    return {"id": id_, "content": content, "single_word": single_word, "lstrip": lstrip, "rstrip": rstrip,
            "normalized": normalized, "special": special}

def variant(name, vocab, merges, **kw):
    base = len(vocab)
    doc = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [
            added(base, "<|endoftext|>", True, False),
            added(base + 1, "<L>", True, False, lstrip=True),
            added(base + 2, "<R>", True, False, rstrip=True),
            added(base + 3, "<LR>", False, False, lstrip=True, rstrip=True),
            added(base + 4, "word", False, True, single_word=True),
            added(base + 5, "é!", False, True),
            added(base + 6, "<L", True, False),
        ],
        "normalizer": kw.get("normalizer", {"type": "NFC"}),
        "pre_tokenizer": kw["pre_tokenizer"],
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "ignore_merges": kw.get("ignore_merges", False), "vocab": vocab,
                  "merges": [list(m) for m in merges] if kw.get("array_merges") else [a + " " + b for a, b in merges]},
    }
    return name, doc

PIECES = ["<L>", "<R>", "<LR>", "word", "words", "sword", "é!", "e\u0301!", "<L", "<|endoftext|>", " ", "  ", "\t", "\n",
          "\u00a0", "the", " cat", "theme", "hello", "world", "'s", "'T", "123", "déjà", "😀", "x", "!", ".", "é"]

def texts(rnd, n):
    out = ["", " ", "word", " word ", "a<L>b", "a  <L>  b", "a <R>  b", "x <LR>\n y", "sword word words", "e\u0301! é!"]
    for _ in range(n):
        out.append("".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 12))))
    return out

def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    vocab, merges = build_vocab_and_merges(60)
    regex = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"
    variants = [
        variant("gpt2-prefix", vocab, merges, pre_tokenizer={"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}),
        variant("llama3-style", vocab, merges, ignore_merges=True, array_merges=True, normalizer=None,
                pre_tokenizer={"type": "Sequence", "pretokenizers": [
                    {"type": "Split", "pattern": {"Regex": regex}, "behavior": "Isolated", "invert": False},
                    {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}),
    ]
    rnd = random.Random(5)
    for name, doc in variants:
        path = os.path.join(out_dir, name + ".tokenizer.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        tok = Tokenizer.from_file(path)
        with open(os.path.join(out_dir, name + ".golden.jsonl"), "w", encoding="utf-8") as f:
            for t in texts(rnd, 300):
                enc = tok.encode(t, add_special_tokens=False).ids
                f.write(json.dumps({"text": t, "ids": enc, "decoded": tok.decode(enc, skip_special_tokens=False)}, ensure_ascii=False) + "\n")

main()
