"""Execute notebooks in place so their saved outputs (what the docs site shows) are real and current.

Cells flagged `#| hub`, `#| gpu`, `#| slow` or `#| eval: false` keep their saved outputs unless --flags turns them on.
Progress bars and library log lines (tqdm, TransformerLens' "Moving model to device") are dropped from the saved
stream outputs: a page shows results, not residue. `--clean-only` drops them from the saved outputs without running.
Usage: python tools/execute_nbs.py nbs/03_ioi.ipynb [...] [--flags "slow"] [--clean-only]; then run nbdev_clean.
"""
import argparse, os, re
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

RESIDUE = re.compile(r"\d+%\|.*\||\d+/\d+ \[[0-9:<?]+|Moving model to device")

def drop_residue(nb)->int:
    "Remove progress-bar and log lines from the stream outputs of `nb` (empty streams go); returns the lines removed."
    n = 0
    for c in nb.cells:
        if c.cell_type != "code": continue
        keep = []
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream":
                text = o["text"] if isinstance(o["text"], str) else "".join(o["text"])
                lines = [l for l in re.split(r"(?<=\n)|\r", text)]
                kept = [l for l in lines if not RESIDUE.search(l) and l.strip(" \r")]
                n += len([l for l in lines if l.strip(" \r\n")]) - len([l for l in kept if l.strip()])
                if not "".join(kept).strip(): continue
                if len(kept) != len(lines): o["text"] = "".join(kept).splitlines(keepends=True)
            keep.append(o)
        c.outputs = keep
    return n

def main():
    p = argparse.ArgumentParser(); p.add_argument("notebooks", nargs="+"); p.add_argument("--flags", default="")
    p.add_argument("--clean-only", action="store_true", help="only drop residue from the saved outputs")
    a = p.parse_args()
    skip = {"hub", "gpu", "slow", "notest"} - set(a.flags.split())
    for fn in [Path(f).resolve() for f in a.notebooks]:
        nb = read_nb(fn)
        if a.clean_only:
            n = drop_residue(nb); write_nb(nb, fn); print(f"{fn.name}: {n} residue lines dropped"); continue
        def preproc(cell):
            if cell.cell_type != "code": return True
            lines = [l[3:].strip() for l in cell.source.splitlines() if l.startswith("#|")]
            return any(l.split()[0] in skip for l in lines if l) or any(l.replace(" ", "") == "eval:false" for l in lines)
        for c in nb.cells:                   # a cell that runs starts empty: execnb keeps old outputs where a run prints none
            if c.cell_type == "code" and not preproc(c): c.outputs = []
        os.chdir(fn.parent)
        sh = CaptureShell()
        sh.run_all(nb, exc_stop=True, preproc=preproc)
        drop_residue(nb)
        write_nb(nb, fn)
        print(f"executed {fn.name}")

if __name__ == "__main__":
    main()
