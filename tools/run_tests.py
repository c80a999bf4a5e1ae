"""Test runner for ioi_sae_nbdev: nbdev sync checks, the docs build's first step (`nbdev_proc_nbs`, CPU-only and offline),
then every notebook in `nbs/` under nbdev's `test_nb`, then the checks in `tools/checks/` and the browser checks in
`tools/browser/` (headless Chromium).

Prints one line per check and ends with `N passed, N failed` (the line CI reads). Exit status 1 on any failure.
Usage: python tools/run_tests.py [--flags "slow gpu hub"] [--workers 2] [notebook ...]
"""
import argparse, os, re, subprocess, sys, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def git_status() -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout

def sync_check(cmd: str) -> tuple[bool, str]:
    "Run a generator (nbdev_export, nbdev_clean, the README script) and report whether it changed any file (it must not)."
    before = git_status()
    r = subprocess.run(cmd.split(), cwd=ROOT, capture_output=True, text=True)
    after = git_status()
    if r.returncode: return False, r.stderr[-2000:]
    if before != after: return False, f"{cmd} changed files:\n" + after
    return True, ""

def docs_check() -> tuple[bool, str]:
    """The docs build's first step, as nbdev's docs workflow runs it before Quarto: `nbdev_proc_nbs` executes every
    exported cell and every cell holding an import, so those cells must be self-contained. Run here as on a machine
    without a GPU or network. Quarto itself is not needed for this step: a placeholder on PATH keeps nbdev from trying
    to install it (with sudo). Run as nbdev's docs workflow runs it (no `--force`, which would also rewrite the
    hand-written sidebar): notebooks newer than their `_proc/` copy are processed, all of them on a fresh clone."""
    with tempfile.TemporaryDirectory() as d:
        stub = Path(d) / "quarto"; stub.write_text("#!/bin/sh\necho 'quarto: placeholder for nbdev_proc_nbs' >&2; exit 1\n"); stub.chmod(0o755)
        env = {**os.environ, "PATH": f"{d}{os.pathsep}{os.environ.get('PATH', '')}", "HF_HUB_OFFLINE": "1", "CUDA_VISIBLE_DEVICES": ""}
        before = git_status()
        r = subprocess.run(["nbdev_proc_nbs"], cwd=ROOT, capture_output=True, text=True, env=env)
        after = git_status()
    if r.returncode: return False, (r.stdout + r.stderr)[-4000:]
    if before != after: return False, "nbdev_proc_nbs changed files (commit what it regenerates, e.g. nbs/nbdev.yml):\n" + after
    missing = [f.name for f in (ROOT / "nbs").glob("*.ipynb") if not (ROOT / "_proc" / f.name).exists()]
    if missing: return False, f"no processed notebook for {missing}"
    # the site's sidebar is written by hand (custom_sidebar = True): every page is in it, and nothing else
    listed = re.findall(r"^\s*- ([\w.-]+\.ipynb)\s*$", (ROOT / "nbs" / "sidebar.yml").read_text(), re.M)
    pages = sorted(f.name for f in (ROOT / "nbs").glob("*.ipynb"))
    if sorted(listed) != pages:
        return False, (f"nbs/sidebar.yml lists {sorted(set(listed) - set(pages))} that are not pages and misses "
                       f"{sorted(set(pages) - set(listed))}; add each notebook once to a section")
    return True, ""

def run_nb(args) -> tuple[str, bool, float, str]:
    "Run one notebook under `nbdev_test` in its own process."
    fn, flags = args
    cmd = ["nbdev_test", "--path", fn, "--n_workers", "0", "--do_print"] + (["--flags", " ".join(flags)] if flags else [])
    start = time.time()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "IN_TEST": "1"})
    return str(Path(fn).relative_to(ROOT)), r.returncode == 0, time.time() - start, (r.stdout + r.stderr)[-6000:]

def run_browser(fn) -> tuple[str, bool, float, str]:
    """One browser check (`tools/browser/test_*.py`: headless Chromium on what a user opens). A check whose tools are
    missing prints `SKIP: <the install step>` and exits 0; it is reported as SKIP, not hidden."""
    start = time.time()
    r = subprocess.run([sys.executable, str(fn)], cwd=ROOT, capture_output=True, text=True, timeout=1200,
                       env={**os.environ, "IN_TEST": "1"})
    out = (r.stdout + r.stderr)
    skip = next((l for l in out.splitlines() if l.startswith("SKIP")), None)
    name = f"{Path(fn).parent.name}: {Path(fn).name}" + (f" ({skip})" if skip else "")
    return name, r.returncode == 0, time.time() - start, out[-6000:]

def main():
    p = argparse.ArgumentParser()
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--flags", default="", help="test flags to turn on, e.g. 'slow gpu hub'")
    p.add_argument("--workers", type=int, default=int(os.environ.get("TEST_WORKERS", 2)))
    p.add_argument("--no-sync", action="store_true", help="skip the nbdev_export / nbdev_clean / README / docs checks")
    a = p.parse_args()
    os.chdir(ROOT)
    results = []
    if not a.no_sync:
        for cmd in ("nbdev_export", "nbdev_clean", f"{sys.executable} tools/make_readme.py"):
            t = time.time(); ok, msg = sync_check(cmd)
            results.append((f"sync: {cmd.split('/')[-1]} leaves no diff", ok, time.time() - t, msg))
            print(f"{'PASS' if ok else 'FAIL'}  {results[-1][0]}  ({results[-1][2]:.1f}s)", flush=True)
            if not ok: print(msg)
        t = time.time(); ok, msg = docs_check()
        results.append(("docs: nbdev_proc_nbs passes (CPU, offline)", ok, time.time() - t, msg))
        print(f"{'PASS' if ok else 'FAIL'}  {results[-1][0]}  ({results[-1][2]:.1f}s)", flush=True)
        if not ok: print(msg)
    nbs = a.notebooks or sorted(str(f) for f in (ROOT / "nbs").rglob("*.ipynb")
                                if not any(part.startswith(("_", ".")) for part in f.relative_to(ROOT / "nbs").parts))
    flags = a.flags.split()
    with ThreadPoolExecutor(max_workers=a.workers) as ex:
        for name, ok, secs, out in ex.map(run_nb, [(str(Path(n).resolve()), flags) for n in nbs]):
            results.append((name, ok, secs, out))
            print(f"{'PASS' if ok else 'FAIL'}  {name}  ({secs:.1f}s)", flush=True)
            if not ok: print(out)
    if not a.notebooks:
        for fn in (sorted((ROOT / "tools" / "checks").glob("test_*.py"))
                   + sorted((ROOT / "tools" / "browser").glob("test_*.py"))):
            name, ok, secs, out = run_browser(fn)
            results.append((name, ok, secs, out))
            print(f"{'PASS' if ok else 'FAIL'}  {name}  ({secs:.1f}s)", flush=True)
            if not ok: print(out)
    n_fail = sum(not ok for _, ok, _, _ in results)
    print(f"{len(results) - n_fail} passed, {n_fail} failed")
    sys.exit(1 if n_fail else 0)

if __name__ == "__main__":
    main()
