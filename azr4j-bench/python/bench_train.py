"""PyTorch side of `azr bench train`: tokens/s of forward + backward + AdamW on a preset with
random weights, fp32, fixed thread count. Usage: bench_train.py [--preset small] [--batch 8]
[--seq 256] [--steps 5] [--threads 2] [--json]"""
import argparse, json, time
import torch
from transformers import Qwen2ForCausalLM
from engine_presets import qwen2_config, peak_rss_mib

p = argparse.ArgumentParser()
p.add_argument("--preset", default="small")
p.add_argument("--batch", type=int, default=8)
p.add_argument("--seq", type=int, default=256)
p.add_argument("--steps", type=int, default=5)
p.add_argument("--warmup", type=int, default=2)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--json", action="store_true")
a = p.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(0)
cfg = qwen2_config(a.preset)
model = Qwen2ForCausalLM(cfg).float().train()
opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
ids = torch.randint(0, 256, (a.batch, a.seq))

def step():
    out = model(input_ids=ids, labels=ids)
    out.loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    opt.zero_grad(set_to_none=True)
    return out.loss.item()

for _ in range(a.warmup):
    step()
t0 = time.perf_counter()
for _ in range(a.steps):
    loss = step()
dt = (time.perf_counter() - t0) / a.steps
res = {"engine": "pytorch " + torch.__version__, "preset": a.preset, "params": sum(x.numel() for x in model.parameters()),
       "batch": a.batch, "seq": a.seq, "threads": a.threads, "step_s": dt,
       "tokens_per_s": a.batch * a.seq / dt, "peak_rss_mib": peak_rss_mib(), "loss": loss}
print(json.dumps(res) if a.json else
      f"pytorch train {a.preset}: {res['tokens_per_s']:.1f} tokens/s ({dt*1000:.0f} ms/step, batch {a.batch} x {a.seq}, "
      f"{a.threads} threads), peak RSS {res['peak_rss_mib']:.0f} MiB")
