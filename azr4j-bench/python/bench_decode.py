"""PyTorch side of `azr bench decode`: transformers `generate` with KV cache, sampling at
temperature 1, batch B prompts, N new tokens each (no early stop). Usage: bench_decode.py
[--preset small] [--batch 16] [--prompt-len 16] [--new-tokens 256] [--threads 2] [--json]"""
import argparse, json, time
import torch
from transformers import Qwen2ForCausalLM
from engine_presets import qwen2_config, peak_rss_mib

p = argparse.ArgumentParser()
p.add_argument("--preset", default="small")
p.add_argument("--batch", type=int, default=16)
p.add_argument("--prompt-len", type=int, default=16)
p.add_argument("--new-tokens", type=int, default=256)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--repeat", type=int, default=3, help="timed runs; the median is reported")
p.add_argument("--json", action="store_true")
a = p.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(0)
model = Qwen2ForCausalLM(qwen2_config(a.preset)).float().eval()
ids = torch.randint(0, 256, (a.batch, a.prompt_len))
mask = torch.ones_like(ids)

def run(n):
    with torch.inference_mode():
        return model.generate(input_ids=ids, attention_mask=mask, do_sample=True, temperature=1.0, top_p=1.0, top_k=0,
                              max_new_tokens=n, min_new_tokens=n, use_cache=True, pad_token_id=256)

run(4)  # warm-up
times = []
for r in range(a.repeat):
    t0 = time.perf_counter()
    out = run(a.new_tokens)
    times.append(time.perf_counter() - t0)
dt = sorted(times)[len(times) // 2]
new = (out.shape[1] - a.prompt_len) * a.batch
res = {"engine": "transformers generate " + torch.__version__, "preset": a.preset, "batch": a.batch,
       "prompt_len": a.prompt_len, "new_tokens": a.new_tokens, "threads": a.threads, "repeat": a.repeat, "seconds": dt,
       "tokens_per_s": new / dt, "peak_rss_mib": peak_rss_mib()}
print(json.dumps(res) if a.json else
      f"pytorch decode {a.preset}: {res['tokens_per_s']:.1f} tokens/s (median {dt:.2f} s for {a.batch} x {a.new_tokens} new tokens, "
      f"{a.threads} threads), peak RSS {res['peak_rss_mib']:.0f} MiB")
