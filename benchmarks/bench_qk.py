"""Benchmark QK lookup tables (`ioi_sae_nbdev.qk`): per-prompt tables for N prompts x 2 key positions.

1. The embedded model (`toy-ioi`, its shipped SAEs): `TOY_QK` (resid_pre 0 @S2 → 0.2 OV → 1.3 QK ← resid_pre 1) and
   `TOY_QK_ATTN` (L0 attention SAE @END → 1.3 QK). Goal: under 5 s for 100 prompts x 2 key positions.
2. The GPT-2-shaped random model (12 layers, d_model 768, real tokenizer) with random SAEs of the real width
   (d_sae 24576) on the study's path (L5 attn @S2 → 8.6 OV → 9.9 QK ← resid_pre 9), their encoder biases shifted so
   that about as many features fire per token as in the real SAEs (L0 ≈ 17 for the L5 attention SAE, ≈ 70 for the
   resid_pre 9 SAE).
Per case: the clean pass (`qk_inputs`), the tables (`qk_tables`, exactness asserted inside), the dense tables of all
prompts at one key position, a mean table, and variance explained (top-8 pairs by mean |entry| and greedy).
Prints figures; asserts nothing. Usage: python benchmarks/bench_qk.py [--prompts 100] [--threads 1] [--skip-gpt2]
"""
import argparse, time
import torch
from ioi_sae_nbdev.core import z_hook, resid_pre_hook
from ioi_sae_nbdev.loading import load_model, load_attn_saes, load_resid_saes, gpt2_shaped_model, random_sae
from ioi_sae_nbdev.ioi import IOIDataset
from ioi_sae_nbdev.qk import TOY_QK, TOY_QK_ATTN, STUDY_QK, qk_inputs, qk_tables, qk_variance

def timed(fn):
    t = time.perf_counter(); out = fn(); return out, time.perf_counter() - t

@torch.no_grad()
def set_l0(sae, x, l0:float):
    "Shift b_enc so that on average `l0` features fire per row of `x` (inputs of the SAE, flattened)."
    pre = (x.flatten(1) - sae.b_dec) @ sae.W_enc + sae.b_enc
    t = pre.flatten().kthvalue(pre.numel() - int(l0 * len(pre))).values
    sae.b_enc -= t

def bench(name, model, path, up, key, ds, rounds=3):
    inp, t_in = timed(lambda: qk_inputs(model, path, ds))
    ts = [timed(lambda: qk_tables(model, path, up, key, ds, inputs=inp))[1] for _ in range(rounds)]
    res, t_all = timed(lambda: qk_tables(model, path, up, key, ds))
    dense, t_dense = timed(lambda: res.tables(path.key_pos[1]))
    _, t_mean = timed(lambda: res.mean_table(path.key_pos[1], "ABBA"))
    _, t_ve = timed(lambda: qk_variance(res, path.key_pos[1], k=8))
    _, t_greedy = timed(lambda: qk_variance(res, path.key_pos[1], k=8, rank="greedy"))
    print(f"{name}: {len(ds)} prompts x {len(path.key_pos)} key positions, {len(res.q_features)} x {len(res.k_features)} live features "
          f"(tables {len(res.q_labels)} x {len(res.k_labels)})")
    print(f"  clean pass {t_in:.2f} s; tables from the cached pass {min(ts):.2f} s (best of {rounds}); "
          f"end to end (pass + tables + exactness) {t_all:.2f} s")
    print(f"  dense tables of all prompts at one key position {t_dense:.2f} s ({dense.numel() * dense.element_size() / 2**20:.0f} MiB); "
          f"mean table {t_mean:.3f} s; VE top-8 {t_ve:.2f} s; VE greedy-8 {t_greedy:.2f} s")
    return dict(prompts=len(ds), clean_pass_s=t_in, tables_s=min(ts), end_to_end_s=t_all, dense_s=t_dense, mean_s=t_mean,
                ve_top8_s=t_ve, ve_greedy8_s=t_greedy)

def measure(prompts:int=100, threads:int=1, skip_gpt2:bool=False, toy_attn:bool=True)->dict:
    "Run the benchmark, print its figures and return them per case (`bench`'s dict), by the case's printed name."
    torch.manual_seed(0); torch.set_num_threads(threads)
    print(f"device cpu, torch threads {torch.get_num_threads()}")
    toy = load_model("toy-ioi", device="cpu")
    resid, attn = load_resid_saes(toy, [0, 1]), load_attn_saes(toy, [0])
    ds = IOIDataset.generate(toy, prompts, seed=1)
    out = {"toy-ioi TOY_QK": bench("toy-ioi TOY_QK", toy, TOY_QK, resid[0], resid[1], ds)}
    if toy_attn: out["toy-ioi TOY_QK_ATTN"] = bench("toy-ioi TOY_QK_ATTN", toy, TOY_QK_ATTN, attn[0], resid[1], ds)
    if skip_gpt2: return out
    g = gpt2_shaped_model()
    gds = IOIDataset.generate(g, prompts, seed=1)
    up, key = random_sae(g, z_hook(5), 24576, seed=1), random_sae(g, resid_pre_hook(9), 24576, seed=2)
    inp = qk_inputs(g, STUDY_QK, gds)
    set_l0(up, inp.up_x, 17); set_l0(key, inp.x_key.flatten(0, 1), 70)
    name = "gpt2-shaped random, STUDY_QK, d_sae 24576"
    out[name] = bench(name, g, STUDY_QK, up, key, gds)
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prompts", type=int, default=100); ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--skip-gpt2", action="store_true")
    a = ap.parse_args()
    measure(a.prompts, a.threads, a.skip_gpt2)

if __name__ == "__main__":
    main()
