"""Benchmark exact sparse feature ablation and path patching (the engine) against one forward pass per feature.

Setting (issue: exact ablation at the price of one backward pass): the GPT-2-shaped random model (12 layers,
d_model 768, real tokenizer), 32 IOI prompts, a random layer-5 attention SAE of d_sae 24576 whose encoder is set so
that K = 200 features fire at S2 in total and each prompt has 20-40 of them active there, like a real layer-5 SAE.
  1. sparse batched: `ablate_features` runs only the active (feature, prompt) rows + the error node per prompt;
  2. loop:           one plain `model.run_with_hooks` forward pass over all prompts per feature (the naive method);
  3. one forward + backward pass over the prompts (the price of attribution patching).
and the same for `path_patch_features` through the values of heads 7.3 7.9 8.6 8.10.
Prints times, the speed-up, the cost in forward+backward passes, the rows run and the largest |ΔLD| disagreement
with the loop. Asserts nothing. Usage: python benchmarks/bench_features.py [--prompts 32] [--features 200]
"""
import argparse, time
import einops, torch
from ioi_sae_nbdev.core import z_hook, gather_pos, input_hook
from ioi_sae_nbdev.loading import gpt2_shaped_model, random_sae
from ioi_sae_nbdev.ioi import IOIDataset, logit_diff
from ioi_sae_nbdev.engine import clean_run
from ioi_sae_nbdev.sites import sae_split
from ioi_sae_nbdev.features import ablate_features, path_patch_features, feature_writes, ld_grad

RECEIVERS = [(7, 3), (7, 9), (8, 6), (8, 10)]

def timed(fn):
    t = time.perf_counter(); out = fn(); return out, time.perf_counter() - t

@torch.no_grad()
def sparse_features(sae, z:torch.Tensor, k:int, lo:int, hi:int, seed:int=0)->torch.Tensor:
    "Set the encoder so that exactly `k` features fire on `z` [N, n_heads, d_head], each prompt with lo..hi of them."
    g = torch.Generator().manual_seed(seed)
    x = einops.rearrange(z.to(sae.W_enc), "n h d -> n (h d)") - sae.b_dec
    N = len(x)
    feats = torch.randperm(sae.cfg.d_sae, generator=g)[:k]
    target = -torch.ones(N, k, dtype=x.dtype)                                   # pre-activation -1: off
    for i in range(N):
        m = int(torch.randint(lo, hi + 1, (1,), generator=g))
        target[i, torch.randperm(k, generator=g)[:m]] = 0.5 + torch.rand(m, generator=g, dtype=x.dtype)
    for j in range(k):                                                            # every chosen feature fires somewhere
        if (target[:, j] < 0).all(): target[int(torch.randint(N, (1,), generator=g)), j] = 1.0
    sae.W_enc.zero_(); sae.b_enc.fill_(-1.0)
    sae.W_enc[:, feats] = torch.linalg.lstsq(x, target + 1.0).solution             # (x - b_dec) W + b_enc = target
    return feats.sort().values

def measure(prompts:int=32, features:int=200, loop_features:int=10, threads:int=1, layer:int=5, d_sae:int=24576,
            path_patching:bool=True)->dict:
    """Run the benchmark, print its figures and return them: {"K", "prompts", "forward_backward_s", and per method
    ("exact ablation", and "path patching" unless `path_patching=False`) speedup, fb_passes, batched_s, loop_s, max_err}."""
    torch.manual_seed(0); torch.set_num_threads(threads)
    model = gpt2_shaped_model()
    ds = IOIDataset.generate(model, prompts, seed=1)
    clean, t_clean = timed(lambda: clean_run(model, ds))
    L, r, s2 = layer, torch.arange(len(ds)), ds.pos["S2"]
    sae = random_sae(model, z_hook(L), d_sae)
    sparse_features(sae, gather_pos(clean[z_hook(L)], s2), features, 20, 40)
    acts, _ = sae_split(sae, gather_pos(clean[z_hook(L)], s2))
    live = (acts > 0).any(0).nonzero().flatten()
    per = (acts > 0).sum(1)
    print(f"device cpu, torch threads {torch.get_num_threads()}; {len(ds)} prompts x {ds.toks.shape[1]} positions; SAE layer {L} "
          f"d_sae {d_sae}: K = {len(live)} features active at S2, {per.min().item()}-{per.max().item()} per prompt "
          f"({int(per.sum())} active pairs of {len(live) * len(ds)}); clean run (cached once) {t_clean:.2f} s")

    _, t_fb = timed(lambda: ld_grad(model, ds, z_hook(L), s2))
    _, t_fb2 = timed(lambda: ld_grad(model, ds, z_hook(L), s2))
    t_fb = min(t_fb, t_fb2)
    n_loop = len(live) if loop_features == 0 else min(loop_features, len(live))
    loop_ids = live[torch.linspace(0, len(live) - 1, n_loop).long()]

    def loop_ablate(f):
        w = (acts[:, f, None] * sae.W_dec[f]).reshape(len(ds), model.cfg.n_heads, model.cfg.d_head)
        def hook(z, hook): z[r, s2] -= w; return z
        with torch.no_grad(): return logit_diff(model.run_with_hooks(ds.toks, fwd_hooks=[(z_hook(L), hook)]), ds) - clean.logit_diff
    u_all = feature_writes(model, sae, live)
    def loop_path(f):
        u = acts[:, f, None] * u_all[live.tolist().index(f)]
        def hook(v_in, hook):
            l = int(hook.name.split(".")[1])
            for rl, h in RECEIVERS:
                if rl == l: v_in[r, s2, h] -= u
            return v_in
        model.set_use_split_qkv_input(True)
        try:
            with torch.no_grad():
                return logit_diff(model.run_with_hooks(ds.toks, fwd_hooks=[(input_hook(l, "v"), hook) for l in {l for l, _ in RECEIVERS}]), ds) - clean.logit_diff
        finally: model.set_use_split_qkv_input(False)

    out = dict(K=len(live), prompts=len(ds), forward_backward_s=t_fb)
    methods = [("exact ablation", lambda: ablate_features(model, sae, clean, live, attribution=False), loop_ablate),
               ("path patching via 7.3 7.9 8.6 8.10 (values)", lambda: path_patch_features(model, sae, clean, RECEIVERS, live), loop_path)]
    for name, batched, loop in methods[:2 if path_patching else 1]:
        eff, t_b = timed(batched)
        eff2, t_b2 = timed(batched); t_b = min(t_b, t_b2)
        ref, t_l = timed(lambda: torch.stack([loop(int(f)) for f in loop_ids]))
        t_l_all = t_l * len(live) / n_loop
        idx = torch.tensor([live.tolist().index(int(f)) for f in loop_ids])
        err = (ref - eff.delta[idx]).abs().max().item()
        print(f"{name}: sparse batched {t_b:.2f} s ({eff.rows_run} rows run of {eff.delta.numel()}, best of 2) | loop of one forward pass "
              f"per feature {t_l:.2f} s for {n_loop} features, extrapolated to {len(live)}: {t_l_all:.1f} s | "
              f"speed-up {t_l_all / t_b:.1f}x | cost {t_b / t_fb:.2f} forward+backward passes (one = {t_fb:.2f} s) | "
              f"max |ΔLD batched - ΔLD loop| = {err:.2e} (float32)")
        out[name.split(" via")[0]] = dict(speedup=t_l_all / t_b, fb_passes=t_b / t_fb, batched_s=t_b, loop_s=t_l_all, max_err=err)
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", type=int, default=32); ap.add_argument("--features", type=int, default=200)
    ap.add_argument("--loop-features", type=int, default=10, help="time the loop on this many features and extrapolate to all K (0: all)")
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--layer", type=int, default=5)
    ap.add_argument("--d-sae", type=int, default=24576)
    a = ap.parse_args()
    measure(a.prompts, a.features, a.loop_features, a.threads, a.layer, a.d_sae)

if __name__ == "__main__":
    main()
