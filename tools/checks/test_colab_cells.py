#!/usr/bin/env python
"""Every notebook's first cells, run as Colab runs them: with a fake `google.colab` module, the setup cell must install
the package from its repository with pip and turn on Colab's custom widget manager; without it (Jupyter, the docs
build, the tests), the same cell must do nothing. Each notebook must also carry its "Open in Colab" badge, pointing at
itself. The cells are executed for real; only `subprocess.run` (pip) and the Colab module are stand-ins.
Exit status 0 = pass.
"""
import json, re, subprocess, sys, types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK = "# Colab: install the package"
REPO = "git+https://github.com/ioi-sae/ioi_sae_nbdev"

def run_first_cells(cells:list, colab:bool)->tuple[list, list]:
    "Execute the code cells before the title (default_exp, the setup cell); return (pip calls, widget-manager calls)."
    pip, widgets = [], []
    saved = {k: sys.modules.get(k) for k in ("google", "google.colab", "google.colab.output")}
    real_run = subprocess.run
    try:
        if colab:
            out = types.ModuleType("google.colab.output"); out.enable_custom_widget_manager = lambda: widgets.append(1)
            col = types.ModuleType("google.colab"); col.output = out
            g = saved["google"] or types.ModuleType("google"); g.colab = col
            sys.modules.update({"google": g, "google.colab": col, "google.colab.output": out})
        subprocess.run = lambda cmd, *a, **kw: pip.append(list(cmd)) or subprocess.CompletedProcess(cmd, 0)
        for c in cells:
            if c["cell_type"] != "code": break
            exec(compile("".join(c["source"]), "<first cells>", "exec"), {"__name__": "__main__"})
    finally:
        subprocess.run = real_run
        for k, v in saved.items():
            if v is None: sys.modules.pop(k, None)
            else: sys.modules[k] = v
    return pip, widgets

def main()->int:
    bad = []
    for p in sorted((ROOT / "nbs").glob("*.ipynb")):
        cells = json.loads(p.read_text())["cells"]
        first = [c for c in cells[:3] if c["cell_type"] == "code"]
        if not any(MARK in "".join(c["source"]) for c in first):
            bad.append(f"{p.name}: no Colab setup cell among its first cells"); continue
        setup = next(c for c in first if MARK in "".join(c["source"]))
        if not "".join(setup["source"]).startswith("#| hide"): bad.append(f"{p.name}: the setup cell is not hidden")
        pip, widgets = run_first_cells(cells, colab=True)
        if not (len(pip) == 1 and pip[0][1:4] == ["-m", "pip", "install"] and REPO in pip[0]):
            bad.append(f"{p.name}: in Colab the first cells ran {pip}, not one pip install of {REPO}")
        if widgets != [1]: bad.append(f"{p.name}: in Colab the custom widget manager was turned on {len(widgets)} times")
        pip, widgets = run_first_cells(cells, colab=False)
        if pip or widgets: bad.append(f"{p.name}: outside Colab the first cells ran {pip} / {widgets}")
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        if not re.search(rf"colab\.research\.google\.com/github/ioi-sae/ioi_sae_nbdev/blob/main/nbs/{re.escape(p.name)}\)",
                         text):
            bad.append(f"{p.name}: no Open in Colab badge pointing at itself")
    for b in bad: print("FAIL", b)
    n = len(list((ROOT / "nbs").glob("*.ipynb")))
    print(f"{n - len({b.split(':')[0] for b in bad})} of {n} notebooks: Colab setup cell and badge as stated")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
