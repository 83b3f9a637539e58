#!/usr/bin/env python3
"""Loads an azr4j checkpoint directory and the GGUF file azr4j exported from it with HuggingFace
transformers (whose GGUF loader follows llama.cpp's names, layouts and tokenizer metadata) and
compares them.

usage: compare_gguf.py CHECKPOINT_DIR GGUF_FILE
Prints one JSON line: {"max_abs_diff": ..., "tokens_equal": ..., "tie_word_embeddings": ...}.
"""
import json, os, sys
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

def main():
    checkpoint, gguf_file = sys.argv[1:3]
    folder, name = os.path.split(os.path.abspath(gguf_file))
    a = AutoModelForCausalLM.from_pretrained(checkpoint, dtype=torch.float32).eval()
    b = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32).eval()
    ta = AutoTokenizer.from_pretrained(checkpoint)
    tb = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    texts = ["P:a + 3\nI:4\nO:", "h\u00e9llo w\u00f6rld <|endoftext|> x", "def f(s):\n    return s[::-1]"]
    tokens_equal = all(ta(t)["input_ids"] == tb(t)["input_ids"] for t in texts)
    torch.manual_seed(0)
    ids = torch.randint(0, 259, (2, 19))
    with torch.no_grad():
        diff = (a(ids).logits - b(ids).logits).abs().max().item()
    print(json.dumps({"max_abs_diff": diff, "tokens_equal": tokens_equal,
                      "tie_word_embeddings": bool(b.config.tie_word_embeddings)}))

main()
