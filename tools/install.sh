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
# the browser checks (tools/browser/) drive Debian's chromium + chromium-driver with Selenium and render the docs with
# Debian's pandoc; they skip, saying so, where these are missing, so the dev install puts them in when it can
# (root or passwordless sudo, apt)
if [ "${1:-}" = "dev" ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null &&
                               command -v pandoc >/dev/null; }; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  if command -v apt-get >/dev/null && { [ -z "$SUDO" ] || sudo -n true 2>/dev/null; }; then
    echo "[install] installing chromium + chromium-driver + pandoc (apt) for the browser checks"
    { $SUDO apt-get install -y -q chromium chromium-driver pandoc >/dev/null 2>&1 ||
      { $SUDO apt-get update -q >/dev/null 2>&1 &&
        $SUDO apt-get install -y -q chromium chromium-driver pandoc >/dev/null 2>&1; }; } ||
      echo "[install] WARNING: could not install chromium + chromium-driver + pandoc; the browser checks will skip"
  else
    echo "[install] WARNING: no chromium/chromedriver/pandoc and no apt as root: the browser checks will skip" \
         "(apt-get install chromium chromium-driver pandoc)"
  fi
fi
# the versions the tests run on (CI prints them at its start, so a red run names what changed)
"$PY" - <<'EOF'
import importlib.metadata as md, ioi_sae_nbdev
pkgs = ["torch", "transformer-lens", "sae-lens", "transformers", "numpy", "pandas", "nbdev", "execnb", "fastcore"]
have = [f"{p} {md.version(p)}" for p in pkgs if any(d.metadata["Name"].lower() == p for d in md.distributions(name=p))]
print(f"[install] ioi_sae_nbdev {ioi_sae_nbdev.__version__} with " + ", ".join(have))
EOF
