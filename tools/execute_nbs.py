"""Execute notebooks in place so their saved outputs (what the docs site shows) are real and current.

Cells flagged `#| hub`, `#| gpu`, `#| slow` or `#| eval: false` keep their saved outputs unless --flags turns them on.
Usage: python tools/execute_nbs.py nbs/03_ioi.ipynb [...] [--flags "slow"]; then run nbdev_clean.
"""
import argparse, os
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def main():
    p = argparse.ArgumentParser(); p.add_argument("notebooks", nargs="+"); p.add_argument("--flags", default="")
    a = p.parse_args()
    skip = {"hub", "gpu", "slow", "notest"} - set(a.flags.split())
    for fn in [Path(f).resolve() for f in a.notebooks]:
        nb = read_nb(fn)
        def preproc(cell):
            if cell.cell_type != "code": return True
            lines = [l[3:].strip() for l in cell.source.splitlines() if l.startswith("#|")]
            return any(l.split()[0] in skip for l in lines if l) or any(l.replace(" ", "") == "eval:false" for l in lines)
        for c in nb.cells:                   # a cell that runs starts empty: execnb keeps old outputs where a run prints none
            if c.cell_type == "code" and not preproc(c): c.outputs = []
        os.chdir(fn.parent)
        sh = CaptureShell()
        sh.run_all(nb, exc_stop=True, preproc=preproc)
        write_nb(nb, fn)
        print(f"executed {fn.name}")

if __name__ == "__main__":
    main()
