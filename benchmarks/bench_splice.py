"""Benchmark of the splicing evaluation (issue: SAE sufficiency for IOI).

Prints, for each model: the time of one clean batched forward pass over the dataset, the whole evaluation's time,
their ratio, and the number of forward passes the evaluation needs (configurations + clean + ABC). The goal is
ratio <= 1.2 x passes. Usage: python benchmarks/bench_splice.py [--models toy-ioi gpt2-shaped] [--n-prompts 32]
"""
import argparse, json, time, warnings
import torch
from ioi_sae_nbdev.core import z_hook, resid_pre_hook
from ioi_sae_nbdev.ioi import IOIDataset
from ioi_sae_nbdev.loading import load_model, load_attn_saes, load_resid_saes, gpt2_shaped_model, random_sae, asset_dir
from ioi_sae_nbdev.splice import splice_eval

GPT2_CROSS = {"duplicate token": [0, 3], "previous token": [2, 4], "induction": [5, 6], "s-inhibition": [7, 8], "name mover": [9, 10, 11]}

def setup(name):
    if name == "toy-ioi":
        m = load_model("toy-ioi", device="cpu")
        return m, load_attn_saes(m), load_resid_saes(m), "circuit"
    m = gpt2_shaped_model()
    attn = {L: random_sae(m, z_hook(L), 49152 if L in (5, 7) else 24576, seed=L) for L in range(12)}
    resid = {L: random_sae(m, resid_pre_hook(L), 24576, seed=100 + L) for L in range(12)}
    return m, attn, resid, GPT2_CROSS

def bench(name, n_prompts, repeats=3):
    model, attn, resid, xs = setup(name)
    ds = IOIDataset.generate(model, n_prompts, seed=1)
    toks = ds.toks
    with torch.no_grad():
        model(toks)  # warm-up
        ts = []
        for _ in range(repeats):
            t = time.perf_counter(); model(toks); ts.append(time.perf_counter() - t)
    fwd = min(ts)
    t = time.perf_counter()
    res = splice_eval(model, ds, attn, resid, cross_sections=xs, progress=False)
    total = time.perf_counter() - t
    out = dict(model=name, n_prompts=len(ds), seq_len=toks.shape[1], clean_forward_s=round(fwd, 4), evaluation_s=round(total, 2),
               ratio=round(total / fwd, 1), forward_passes=res.n_forward_passes,
               ratio_per_pass=round(total / fwd / res.n_forward_passes, 3), goal_ratio_per_pass=1.2)
    print(json.dumps(out), flush=True)
    return out

if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    p = argparse.ArgumentParser()
    p.add_argument("--models", nargs="+", default=["toy-ioi", "gpt2-shaped"])
    p.add_argument("--n-prompts", type=int, default=32)
    a = p.parse_args()
    for m in a.models:
        if m == "toy-ioi" and not (asset_dir("toy-ioi") / "config.json").exists():
            print(json.dumps(dict(model=m, skipped="embedded model not installed"))); continue
        bench(m, a.n_prompts)
