#!/usr/bin/env python3
"""Loads a checkpoint written by azr4j with HuggingFace transformers and compares it to the original.

usage: compare_logits.py ORIGINAL_DIR WRITTEN_DIR {fp32,bf16}
The original's weights are rounded to bf16 first when the written copy is bf16, so in both cases the
two models must hold identical weights and give identical fp32 logits. Prints one JSON line:
{"max_abs_diff": ..., "params_equal": ..., "missing_keys": [...], "unexpected_keys": [...]}.
"""
import json, sys
import torch
from transformers import AutoModelForCausalLM

def load(path):
    try:
        model, info = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, output_loading_info=True)
    except TypeError:  # transformers 4.x
        model, info = AutoModelForCausalLM.from_pretrained(path, torch_dtype=torch.float32, output_loading_info=True)
    return model.eval(), info

def main():
    original_dir, written_dir, dtype = sys.argv[1:4]
    torch.manual_seed(0)
    original, _ = load(original_dir)
    written, info = load(written_dir)
    if dtype == "bf16":
        with torch.no_grad():
            for p in original.parameters():
                p.copy_(p.to(torch.bfloat16).to(torch.float32))
    params_equal = all(torch.equal(a, b) for a, b in zip(original.state_dict().values(), written.state_dict().values()))
    vocab = original.config.vocab_size
    ids = torch.randint(0, vocab, (2, 17))
    with torch.no_grad():
        diff = (original(ids).logits - written(ids).logits).abs().max().item()
    print(json.dumps({"max_abs_diff": diff, "params_equal": params_equal,
                      "missing_keys": list(info.get("missing_keys", [])),
                      "unexpected_keys": list(info.get("unexpected_keys", []))}))

main()
