"""Benchmark of RDFA and the QK edge on Gemma 3 270M's shapes (issue 35): the offline mirror's random-weight
`google/gemma-3-270m` (its real configuration: 18 layers, d_model 640, 4 query heads sharing one key/value head of 256,
QK-norm, sandwich norms, 512-token windows on five layers in six) with Gemma Scope 2-shaped SAEs (16k, JumpReLU),
loaded by the package's own loaders in a fresh offline process — on the GPU when there is one (cuda), else the CPU.

Prints one JSON line per prompt length: the device, the frozen forward pass up to layer 5, one RDFA expansion of the
most active layer-5 attention feature at the last position where one is active (into head paths) and of its largest
head path (into residual features), one QK edge of that head (`qk_attribution`, pairs only), and the peak memory
(GPU memory allocated on cuda, else the process's peak RSS). Asserts nothing.
Usage: python benchmarks/bench_gemma.py [--lengths 64 1024] [--repeats 3]
"""
import argparse, json, tempfile, warnings
from ioi_sae_nbdev.hub_mirror import run_offline, write_gemma3_repo, write_gemma_scope2_repos

CODE = '''
import json, resource, time, torch
from ioi_sae_nbdev.loading import load_model, load_attn_saes, load_resid_saes
from ioi_sae_nbdev.rdfa import RDFA, encoded
from ioi_sae_nbdev.graph import attn_feature
from ioi_sae_nbdev.qk_attr import qk_attribution
dev = "cuda" if torch.cuda.is_available() else "cpu"
if dev == "cpu": torch.set_num_threads(1)
sync = torch.cuda.synchronize if dev == "cuda" else (lambda: None)
def best(f, n):
    t = []
    for _ in range(n):
        sync(); t0 = time.perf_counter(); f(); sync(); t.append(1e3 * (time.perf_counter() - t0))
    return round(min(t), 2)
m = load_model("gemma-3-270m", device=dev)
attn, res = load_attn_saes(m, 5), load_resid_saes(m, 4)
out = []
for n in LENGTHS:
    toks = torch.randint(4, 900, (n,), generator=torch.Generator().manual_seed(n))
    if dev == "cuda": torch.cuda.reset_peak_memory_stats()
    fwd = best(lambda: RDFA(m, toks, attn, {5: res[4]}, n_layers=6), REPEATS)
    ctx = RDFA(m, toks, attn, {5: res[4]}, n_layers=6)
    q = next(p for p in range(n - 1, 0, -1) if len(encoded(ctx, "attn", 5, p).features))
    e = encoded(ctx, "attn", 5, q)
    F = attn_feature(5, int(e.features[e.acts.argmax()]), q)
    ex = ctx.expand(F, k=5)
    hp = next(c for c in ex.children if c.kind == "head_source")
    r = dict(device=dev, n_tokens=n, q=q, frozen_run_ms=fwd,
             rdfa_expand_feature_ms=best(lambda: ctx.expand(F, k=5), REPEATS),
             rdfa_expand_head_path_ms=best(lambda: ctx.expand(hp, k=5), REPEATS),
             qk_expand_ms=best(lambda: qk_attribution(m, res[4], toks, 5, hp.index, q=q, s=hp.pos, competitors=False),
                               REPEATS))
    r["peak_mb"] = round(torch.cuda.max_memory_allocated() / 2**20 if dev == "cuda"
                         else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out.append(r)
print(json.dumps(out))
'''

def measure(lengths=(64, 1024), repeats:int=3)->list:
    "Write the Gemma mirror to a temporary folder and time RDFA and the QK edge in a fresh offline process."
    with tempfile.TemporaryDirectory() as d:
        write_gemma3_repo(d); write_gemma_scope2_repos(d, layers=5)
        write_gemma_scope2_repos(d, layers=4, kinds=("resid",))      # resid_post of 4 = resid_pre of 5
        out = run_offline(d, CODE.replace("LENGTHS", repr(tuple(lengths))).replace("REPEATS", str(repeats)))
    for r in out: print(json.dumps(r), flush=True)
    return out

if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    p = argparse.ArgumentParser()
    p.add_argument("--lengths", nargs="+", type=int, default=[64, 1024])
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    measure(a.lengths, a.repeats)
