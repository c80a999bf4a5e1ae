"""Benchmark of the dataset-scale scan (17_scan) on the embedded toy-ioi model, on this CPU.

Scans the same IOI prompts (end position, the scan's default spec) three times, each into a fresh folder and without
graphs: on a local process pool of 2 workers, on a pool of 1 worker, and on Ray with 2 actors (a local cluster started
for the run). Prints each run's statistics (`ScanResult.stats`: steady-state prompts/s from the first chunk's start to
the last one's end, so model loading is excluded; mean seconds per prompt inside a worker; peak RSS of a worker;
start-up seconds) and the figures: the 2-worker throughput, the scaling of 2 workers over 1 (2-worker prompts/s /
(2 x 1-worker prompts/s); each pool splits the CPUs between its workers' torch threads), Ray's overhead at 2 workers
(1 - ray prompts/s / pool prompts/s), a worker's peak MB and the seconds per prompt. Without Ray installed the overhead
is null and a line says why. Asserts nothing.
Usage: python benchmarks/bench_scan.py [--prompts 48] [--chunk 4] [--no-ray]
"""
import argparse, json, tempfile, time, warnings
from ioi_sae_nbdev.scan import ScanSpec, scan

def run(spec:ScanSpec, backend:str, workers:int)->dict:
    "One scan of `spec` into a temporary folder: its `stats`, the wall time of the call and the compositions found."
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        r = scan(spec, d, backend=backend, workers=workers, progress=False, graphs=0)
        return {**r.stats, "call_s": round(time.perf_counter() - t, 2), "compositions": len(r.compositions)}

def measure(prompts:int=48, chunk:int=4, ray:bool=True, verbose:bool=True)->dict:
    "Run the three scans and return the figures (and each run's statistics under `runs`); print them when `verbose`."
    warnings.filterwarnings("ignore")
    spec = ScanSpec("toy-ioi", "ioi", n_prompts=prompts, chunk=chunk)
    runs, note = {"pool x2": run(spec, "pool", 2), "pool x1": run(spec, "pool", 1)}, None
    if ray:
        try: runs["ray x2"] = run(spec, "ray", 2)
        except ImportError as e: note = f"scan_ray_overhead is null: {e}"
    else: note = "scan_ray_overhead is null: --no-ray"
    p2, p1, r2 = runs["pool x2"], runs["pool x1"], runs.get("ray x2")
    out = dict(scan_prompts_per_s=p2["prompts_per_s"],
               scan_scaling_2w=round(p2["prompts_per_s"] / (2 * p1["prompts_per_s"]), 3),
               scan_ray_overhead=round(1 - r2["prompts_per_s"] / p2["prompts_per_s"], 3) if r2 else None,
               scan_worker_mb=p2["worker_peak_mb"], scan_s_per_prompt=p2["s_per_prompt"], prompts=prompts, chunk=chunk,
               runs=runs, **({"note": note} if note else {}))
    if verbose:
        for name, s in runs.items(): print(f"{name}: {json.dumps(s)}")
        if note: print(note)
        for k, v in out.items():
            if k.startswith("scan_"): print(f"{k}: {json.dumps(v)}")
    return out

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--prompts", type=int, default=48, help="IOI prompts per scan")
    p.add_argument("--chunk", type=int, default=4, help="prompts per shard (the unit of work)")
    p.add_argument("--no-ray", action="store_true", help="skip the Ray run")
    a = p.parse_args()
    measure(a.prompts, a.chunk, not a.no_ray)
