#!/usr/bin/env python3
"""Encodes texts with transformers' AutoTokenizer loaded from a directory written by azr4j.

usage: encode_texts.py TOKENIZER_DIR TEXTS_JSON   (TEXTS_JSON: a file holding a JSON list of strings)
Prints one JSON line: {"ids": [[...], ...], "decoded": [...], "eos_token_id": ..., "pad_token_id": ...}.
"""
import json, sys
from transformers import AutoTokenizer

tok = AutoTokenizer.from_pretrained(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
ids = [tok.encode(t, add_special_tokens=False) for t in texts]
print(json.dumps({"ids": ids, "decoded": [tok.decode(i) for i in ids],
                  "eos_token_id": tok.eos_token_id, "pad_token_id": tok.pad_token_id}))
