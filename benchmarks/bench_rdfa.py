"""Benchmark of recursive DFA (issue 18) on the GPT-2-shaped random model with real-shape SAEs.

Prints, for a 64- and a 1,024-token prompt: the time of the one cached forward pass, of each kind of expansion (attention
feature -> heads x sources; (head, source) -> residual features; residual feature -> components and upstream attention
features), cold (no SAE encoding memoised) and warm, a best-first graph of 10 expansions and its table (warm), the bytes
the cached run holds, and the process's peak RSS.
Goal: one expansion under 50 ms on a cached 64-token prompt. Asserts nothing.
Usage: python benchmarks/bench_rdfa.py [--lengths 64 1024] [--layer 5] [--repeats 5] [--l0 50]
(--l0 0 keeps random_sae's density 0.3, a worst case: thousands of latents fire.) `ref_matvec_768x24576_ms` times one
SAE-encoder product on this machine at that moment, a yardstick when the CPU is shared.
"""
import argparse, json, resource, time, warnings
import torch
from ioi_sae_nbdev.core import z_hook, resid_pre_hook
from ioi_sae_nbdev.loading import gpt2_shaped_model, random_sae
from ioi_sae_nbdev.rdfa import RDFA, build_graph, encoded, expand
from ioi_sae_nbdev.graph import attn_feature

def peak_mb()->float: return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: KiB

def best(f, repeats:int, reset=None)->float:
    "Best wall time of `repeats` calls, in ms (`reset` runs before each call, untimed)."
    ts = []
    for _ in range(repeats):
        if reset: reset()
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return round(1000 * min(ts), 2)

@torch.no_grad()
def calibrate(model, saes:dict, hook, l0:int):
    "Shift each SAE's b_enc so that about `l0` latents fire per position on a random 64-token prompt (GPT-2's SAEs: L0 10-70)."
    toks = torch.randint(0, model.cfg.d_vocab, (1, 64), generator=torch.Generator().manual_seed(0))
    _, c = model.run_with_cache(toks, names_filter=[hook(l) for l in saes], stop_at_layer=max(saes) + 1)
    for l, sae in saes.items():
        x = c[hook(l)][0].reshape(64, -1)
        pre = (x - sae.b_dec) @ sae.W_enc + sae.b_enc
        sae.b_enc -= pre.flatten().topk(l0 * 64).values[-1]

def ref_matvec_ms(d_sae:int=24576, d_in:int=768)->float:
    "Time of one [d_in] x [d_in, d_sae] product on this machine now (the cost of one SAE encoding): a yardstick for shared CPUs."
    W, x = torch.randn(d_in, d_sae), torch.randn(1, d_in)
    return best(lambda: x @ W, 5)

def bench(model, attn, resid, n_tok:int, layer:int, repeats:int)->dict:
    toks = torch.randint(0, model.cfg.d_vocab, (n_tok,), generator=torch.Generator().manual_seed(n_tok))
    t = time.perf_counter(); ctx = RDFA(model, toks, attn, resid, n_layers=layer + 1); fwd = time.perf_counter() - t
    q = n_tok - 1
    e = encoded(ctx, "attn", layer, q)
    F = attn_feature(layer, int(e.features[e.acts.argmax()]), q)
    e1 = expand(ctx, F, k=10)
    P = next(c for c in e1.children if c.kind == "head_source")
    e2 = expand(ctx, P, k=10)
    R = next(c for c in e2.children if c.kind == "resid_feature")
    clear = ctx._memo.clear
    g = build_graph(ctx, F, k=5, max_expansions=10, min_share=0.)
    out = dict(tokens=n_tok, layer=layer, forward_and_cache_ms=round(1000 * fwd, 1), cached_run_MB=round(ctx.run.nbytes() / 2**20, 1),
               attn_feature_to_heads_x_sources_ms=best(lambda: expand(ctx, F, k=10), repeats),
               head_source_to_resid_features_cold_ms=best(lambda: expand(ctx, P, k=10), repeats, clear),
               head_source_to_resid_features_warm_ms=best(lambda: expand(ctx, P, k=10), repeats),
               resid_feature_to_upstream_cold_ms=best(lambda: expand(ctx, R, k=10), repeats, clear),
               resid_feature_to_upstream_warm_ms=best(lambda: expand(ctx, R, k=10), repeats),
               build_graph_10_expansions_warm_ms=best(lambda: build_graph(ctx, F, k=5, max_expansions=10, min_share=0.), repeats),
               graph_df_ms=best(lambda: g.df, repeats), graph_links=len(g.links),
               n_children=[len(e1.children) + e1.n_pruned, len(e2.children) + e2.n_pruned],
               active_latents={f"{k}{l}": len(encoded(ctx, k, l, P.pos).features) for k, l in (("attn", layer), ("resid", layer))},
               ref_matvec_768x24576_ms=ref_matvec_ms(), peak_rss_MB=round(peak_mb()))
    print(json.dumps(out), flush=True)
    return out

def measure(lengths=(64, 1024), layer:int=5, repeats:int=5, threads:int=1, l0:int=50)->list:
    "Build the model and SAEs, print the setup line and one JSON line per prompt length; return `bench`'s dicts."
    torch.set_num_threads(threads)
    model = gpt2_shaped_model(n_layers=layer + 1)
    L = layer
    # real shapes: d_sae 49152 at layers 5 and 7, else 24576 (attention); 24576 (residual). Attention SAEs on two earlier layers.
    attn = {l: random_sae(model, z_hook(l), 49152 if l in (5, 7) else 24576, seed=l) for l in sorted({L, max(L - 2, 0), max(L - 4, 0)})}
    resid = {L: random_sae(model, resid_pre_hook(L), 24576, seed=100 + L)}
    if l0:
        calibrate(model, attn, z_hook, l0); calibrate(model, resid, resid_pre_hook, l0)
    print(json.dumps(dict(setup="gpt2-shaped random model", target_l0=l0 or "random_sae default (density 0.3)", n_layers=model.cfg.n_layers, attn_sae_layers=sorted(attn),
                          resid_sae_layers=sorted(resid), threads=torch.get_num_threads(), peak_rss_after_setup_MB=round(peak_mb()))), flush=True)
    return [bench(model, attn, resid, n, L, repeats) for n in lengths]

if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    p = argparse.ArgumentParser()
    p.add_argument("--lengths", nargs="+", type=int, default=[64, 1024])
    p.add_argument("--layer", type=int, default=5)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--l0", type=int, default=50, help="latents firing per position after calibration (0: keep random_sae's density 0.3, a worst case)")
    a = p.parse_args()
    measure(a.lengths, a.layer, a.repeats, a.threads, a.l0)
