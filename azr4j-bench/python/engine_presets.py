"""The azr4j model presets (azr4j-model ModelPresets) as transformers Qwen2 configs."""
from transformers import Qwen2Config

PRESETS = {
    # hidden, intermediate, layers, heads, kv heads
    "tiny": (192, 512, 4, 6, 2),
    "small": (512, 1408, 6, 8, 2),
}


def qwen2_config(preset: str) -> Qwen2Config:
    hidden, ffn, layers, heads, kv = PRESETS[preset]
    return Qwen2Config(
        vocab_size=272, hidden_size=hidden, intermediate_size=ffn, num_hidden_layers=layers,
        num_attention_heads=heads, num_key_value_heads=kv, max_position_embeddings=4096,
        rms_norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=True, hidden_act="silu",
        use_sliding_window=False, bos_token_id=256, eos_token_id=None, pad_token_id=256)


def peak_rss_mib() -> float:
    """Peak resident set size of this process (VmHWM), as the Java side reports it."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")
