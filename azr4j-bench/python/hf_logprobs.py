"""Per-token log-probabilities of a token sequence by HuggingFace transformers (fp32), printed as
`azr score` prints them: {"logprobs": [...]}. Used to check that a checkpoint written by azr4j
loads in transformers and computes the same thing:

    bin/azr score --model DIR --ids 1,2,3,4 ; python hf_logprobs.py DIR --ids 1,2,3,4
"""
import argparse, json
import torch
from transformers import AutoModelForCausalLM

p = argparse.ArgumentParser()
p.add_argument("model")
p.add_argument("--ids", required=True)
a = p.parse_args()
ids = torch.tensor([[int(x) for x in a.ids.split(",")]])
model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32).eval()
with torch.no_grad():
    logits = model(input_ids=ids).logits.float()
lp = torch.log_softmax(logits[0, :-1], dim=-1).gather(1, ids[0, 1:, None])[:, 0]
print(json.dumps({"logprobs": [round(float(x), 7) for x in lp]}))
