#!/usr/bin/env bash
# Creates the Python environment the side-by-side benchmarks and the HuggingFace compatibility
# tests use: CPU PyTorch, transformers (with HF tokenizers), numpy, and gguf + accelerate (transformers reading azr4j's GGUF export).
#   azr4j-bench/python/setup-venv.sh [DIR]        (default DIR: /work/venv-torch)
# Extra pip options (e.g. a local wheel index) go in PIP_OPTS, for example
#   PIP_OPTS="--index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple"
# The tests find it through AZR_TORCH_PYTHON=DIR/bin/python, or at /work/venv-torch by default.
set -euo pipefail
DIR=${1:-/work/venv-torch}
python3 -m venv "$DIR"
# shellcheck disable=SC2086
"$DIR/bin/pip" install ${PIP_OPTS:-} "torch==2.13.0+cpu" "transformers==5.18.0" numpy "gguf==0.19.0" "accelerate==1.15.0"
"$DIR/bin/python" -c 'import torch, transformers, tokenizers; print("torch", torch.__version__, "transformers", transformers.__version__, "tokenizers", tokenizers.__version__)'
