"""Benchmark of QK attribution at one attention edge (`ioi_sae_nbdev.qk_attr`, issue 33) on the GPT-2-shaped random
model with a real-shape residual SAE (d_sae 24,576, calibrated to about 50 latents per position, as GPT-2's are).

Prints one JSON line per prompt length: the cached forward pass, one `qk_attribution` on the cached run (the pairs of
the query and key positions' active features, error, SAE bias and b_Q/b_K, with the run-time sum checks; and the
same with every competing key decomposed), the number of
query-side nodes, and the process's peak RSS. Goal: one QK expansion under 50 ms on a cached 64-token prompt, memory
linear in the active features. Asserts nothing.
Usage: python benchmarks/bench_qk_attr.py [--lengths 64 1024] [--layer 5] [--repeats 5] [--l0 50]
"""
import argparse, json, sys, warnings
from pathlib import Path
import torch
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_rdfa import best, calibrate, peak_mb
from ioi_sae_nbdev.core import resid_pre_hook
from ioi_sae_nbdev.loading import gpt2_shaped_model, random_sae
from ioi_sae_nbdev.qk_attr import qk_attribution

@torch.no_grad()
def measure(lengths=(64,), layer:int=5, head:int=9, repeats:int=5, threads:int=1, l0:int=50)->list:
    torch.set_num_threads(threads)
    model = gpt2_shaped_model(n_layers=layer + 1)
    sae = random_sae(model, resid_pre_hook(layer), 24576, seed=100 + layer)
    if l0: calibrate(model, {layer: sae}, resid_pre_hook, l0)
    out = []
    for n in lengths:
        toks = torch.randint(0, model.cfg.d_vocab, (n,), generator=torch.Generator().manual_seed(n))
        att = f"blocks.{layer}.attn."
        names = [resid_pre_hook(layer), f"blocks.{layer}.ln1.hook_scale", att + "hook_attn_scores", att + "hook_pattern"]
        run = lambda: model.run_with_cache(toks[None], names_filter=names, stop_at_layer=layer + 1)
        fwd_ms = best(run, repeats)
        _, cache = run()
        qa = qk_attribution(model, sae, toks, layer, head, q=n - 1, s=n // 2, cache=cache)
        r = dict(n_tokens=n, layer=layer, head=head, cached_forward_ms=fwd_ms,
                 qk_expand_ms=best(lambda: qk_attribution(model, sae, toks, layer, head, q=n - 1, s=n // 2, cache=cache,
                                                          competitors=False), repeats),
                 qk_expand_all_keys_ms=best(lambda: qk_attribution(model, sae, toks, layer, head, q=n - 1, s=n // 2,
                                                                   cache=cache), repeats),
                 query_nodes=len(qa.q_labels), key_positions=len(qa.keys), peak_rss_MB=round(peak_mb()))
        print(json.dumps(r), flush=True); out.append(r)
    return out

if __name__ == "__main__":
    warnings.filterwarnings("ignore")
    p = argparse.ArgumentParser()
    p.add_argument("--lengths", nargs="+", type=int, default=[64, 1024])
    p.add_argument("--layer", type=int, default=5)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--l0", type=int, default=50)
    a = p.parse_args()
    measure(a.lengths, a.layer, repeats=a.repeats, l0=a.l0)
