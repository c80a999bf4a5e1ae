#!/usr/bin/env bash
# Install ioi_sae_nbdev (editable) into the current Python environment.
#   tools/install.sh        the library
#   tools/install.sh dev    the library + the dev tools (nbdev 2, execnb, ...) for the tests
# A user who already has torch (e.g. Colab with CUDA) keeps it; where none is installed we put in the
# CPU build of torch 2.13.0 first, so the `torch>=2.1` requirement does not pull several GB of CUDA wheels.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
PIP=("$PY" -m pip install --disable-pip-version-check -q)
if ! "$PY" -c "import torch" >/dev/null 2>&1; then
  echo "[install] no torch found: installing torch==2.13.0 (CPU build where available)"
  "${PIP[@]}" "torch==2.13.0" || "${PIP[@]}" "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
fi
if [ "${1:-}" = "dev" ]; then "${PIP[@]}" -e ".[dev]"; else "${PIP[@]}" -e .; fi
"$PY" -c "import torch, ioi_sae_nbdev; print(f'[install] ioi_sae_nbdev {ioi_sae_nbdev.__version__} with torch {torch.__version__}')"
