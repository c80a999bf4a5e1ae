"""Benchmark exact batched feature ablation (the engine) against one full forward pass per feature.

On the GPT-2-shaped random model (12 layers, d_model 768, real tokenizer) with a random attention SAE of d_sae 24576
at layer 5, its encoder bias shifted so that exactly K features fire at S2 on at least one of N IOI prompts:
  1. batched: `ablate_features` (K variants of one additive patch at S2 through `run_patched`: block L finished at S2
              only, the engine starting at layer L+1 on positions S2..end with a frozen KV cache, LD from two W_U columns);
  2. loop:    one plain `model.run_with_hooks` forward pass per feature (the same patch as a hook);
  3. one forward + backward pass over the N prompts (the cost of the attribution-patching estimate).
Prints the times, the speed-up and the largest disagreement between 1 and 2. No assertions on timings.
Usage: python benchmarks/bench_features.py [--prompts 32] [--features 200] [--loop-features 12]  (about 1 min on one CPU core)
"""
import argparse, time
import torch
from ioi_sae_nbdev.core import z_hook, gather_pos
from ioi_sae_nbdev.loading import gpt2_shaped_model, random_sae
from ioi_sae_nbdev.ioi import IOIDataset, logit_diff
from ioi_sae_nbdev.engine import clean_run
from ioi_sae_nbdev.features import ablate_features, ld_grad
from ioi_sae_nbdev.dfa import set_live_features, sae_acts

def timed(fn):
    t = time.perf_counter(); out = fn(); return out, time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", type=int, default=32); ap.add_argument("--features", type=int, default=200)
    ap.add_argument("--loop-features", type=int, default=12, help="time the loop on this many features and extrapolate to all K (0: all; the full loop takes ~20 min on 2 CPU cores)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1: the CPU is shared; more threads spin when other jobs hold the cores)")
    ap.add_argument("--rounds", type=int, default=4, help="alternate batched and loop timings in this many rounds")
    ap.add_argument("--layer", type=int, default=5); ap.add_argument("--d-sae", type=int, default=24576)
    a = ap.parse_args()
    torch.manual_seed(0); torch.set_num_threads(a.threads)
    model = gpt2_shaped_model()
    ds = IOIDataset.generate(model, a.prompts, seed=1)
    clean, t_clean = timed(lambda: clean_run(model, ds))
    L, r, s2 = a.layer, torch.arange(len(ds)), ds.pos["S2"]
    sae = random_sae(model, z_hook(L), a.d_sae)
    live = set_live_features(sae, gather_pos(clean[z_hook(L)], s2), a.features)
    print(f"device cpu, torch threads {torch.get_num_threads()}; {len(ds)} prompts x {ds.toks.shape[1]} positions, "
          f"S2 in {s2.min().item()}..{s2.max().item()}, end in {ds.pos['end'].min().item()}..{ds.pos['end'].max().item()}; "
          f"SAE layer {L} d_sae {a.d_sae}: {len(live)} features active at S2; clean run (cached once) {t_clean:.2f} s")

    acts, _ = sae_acts(sae, gather_pos(clean[z_hook(L)], s2))
    def one(f):
        w = (acts[:, f, None] * sae.W_dec[f]).reshape(len(ds), model.cfg.n_heads, model.cfg.d_head)
        def hook(z, hook): z[r, s2] -= w; return z
        with torch.no_grad(): return logit_diff(model.run_with_hooks(ds.toks, fwd_hooks=[(z_hook(L), hook)]), ds) - clean.logit_diff
    # the CPU is shared: alternate the two methods in rounds so both see the same background load on average
    n_loop = len(live) if a.loop_features == 0 else min(a.loop_features, len(live))
    rounds = max(1, min(a.rounds, n_loop))
    chunks = live.chunk(rounds)
    loop_ids = [c[:len(l)] for c, l in zip(chunks, torch.arange(n_loop).chunk(rounds))]   # the loop times a few features of each chunk
    n_loop = sum(len(l) for l in loop_ids)
    t_batch = t_loop = 0.; err = 0.
    for c, l in zip(chunks, loop_ids):
        eff, t = timed(lambda: ablate_features(model, sae, clean, c, include_error=False, attribution=False)); t_batch += t
        loop, t = timed(lambda: torch.stack([one(f) for f in l.tolist()])); t_loop += t
        err = max(err, (loop - eff.delta[:len(l)]).abs().max().item())
    t_loop_all = t_loop * len(live) / n_loop
    print(f"batched exact ablation, {len(live)} features: {t_batch:.2f} s (in {rounds} rounds alternating with the loop)")
    print(f"loop of one forward pass per feature: {t_loop:.2f} s for {n_loop} features"
          + (f" (extrapolated to {len(live)}: {t_loop_all:.2f} s)" if n_loop < len(live) else ""))
    print(f"speed-up batched vs loop: {t_loop_all / t_batch:.1f}x  (max |ΔLD batched - ΔLD loop| = {err:.2e}, float32)")

    n_layers, K = model.cfg.n_layers, len(live)
    loop_work = K * ds.toks.numel() * n_layers                                        # every padded position, every layer
    batch_work = K * ((ds.pos["end"] - s2 + 1).sum().item() * (n_layers - L - 1) + len(ds))  # S2..end from layer L+1; layer L at S2 only
    print(f"work (token-positions x layers): loop {loop_work:,} vs batched {batch_work:,} = {loop_work / batch_work:.1f}x fewer; "
          f"readout: loop {K * ds.toks.numel():,} full-vocab logit rows vs batched 2 W_U columns per row")

    _, t_fb = timed(lambda: ld_grad(model, ds, z_hook(L), s2))
    print(f"one forward + backward pass (attribution patching): {t_fb:.2f} s  "
          f"(batched exact ablation = {t_batch / t_fb:.1f} forward+backward passes)")

if __name__ == "__main__":
    main()
