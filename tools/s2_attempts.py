#!/usr/bin/env python
"""Attempts at an embedded model whose S2 signal is positional (issue #31): each variant changes the toy corpus,
trains a model with the shipped recipe otherwise (`ioi_sae_nbdev.toy.TOY_RECIPE`, 1 thread, deterministic), and is
measured with the package's own tools, without SAEs:
- IOI accuracy and mean logit difference on fresh prompts (training frames) and on the held-out study templates;
- noising `attn_out` at S2 (`noising.noising`, all counterfactuals of `ioi.noising_counterfactuals`), recovery
  relative to zero-ablation at S2, for each layer alone, the first half of the layers and all layers;
- per head, the mean attention S2→S1 (a duplicate-token / induction head) and END→S2 (an S-inhibition head);
- the head classes `circuit.circuit_diagnostics` finds.
Writes OUT/s2.json (and the processed model to OUT; a model already in OUT is measured again, not retrained).
`shipped` measures the shipped toy-ioi model instead.
Usage: python tools/s2_attempts.py VARIANT OUT      VARIANT in: shipped, pool500, pool500r, pool1000
       python tools/s2_attempts.py --collect OUT...  (writes the summaries to the toy-ioi assets' s2_attempts.json)
"""
import json, random, sys, time
from pathlib import Path
import torch
import ioi_sae_nbdev.toy as T
from ioi_sae_nbdev.ioi import NAMES, noising_counterfactuals
from ioi_sae_nbdev.engine import clean_run
from ioi_sae_nbdev.noising import noising
from ioi_sae_nbdev.loading import load_toy_model

VARIANTS = {
    # 500 extra single-token pseudo-names (vocab 2048): each name too rare to learn per name
    "pool500": dict(n_synth=500, vocab=2048, mix=T.CORPUS_MIX, recur=0.0),
    # the same, names recurring in a sentence before the IOI sentence (half the 2-name IOI documents),
    # and more induction (repeat) documents
    "pool500r": dict(n_synth=500, vocab=2048, mix=dict(ioi=0.40, ioi3=0.15, ioi4=0.10, names=0.17, repeats=0.18),
                     recur=0.5),
    # twice the pseudo-names (vocab 3072): rarer still
    "pool1000": dict(n_synth=1000, vocab=3072, mix=T.CORPUS_MIX, recur=0.0),
}

def synth_names(n:int, seed:int=0)->list[str]:
    "n pseudo-names (consonant-vowel patterns, e.g. 'Kavet'), none of them one of the study's names."
    rng = random.Random(seed); taken, out = set(NAMES), []
    while len(out) < n:
        nm = (rng.choice("BDFGHKLMNPRSTVZ") + rng.choice("aeiou") + rng.choice("lrnmvdkt") + rng.choice("aeiou")
              + rng.choice(["", "n", "r", "l", "s", "th", "ck", "m"]))
        if nm not in taken: taken.add(nm); out.append(nm)
    return out

def train_variant(name:str, out:Path):
    "Corpus, tokenizer and model of variant `name` (the toy module's name pool patched while the corpus is built)."
    V, r = VARIANTS[name], T.TOY_RECIPE
    pool = NAMES + synth_names(V["n_synth"])
    saved = T.NAMES, T.ioi_prompt
    T.NAMES = pool
    if V["recur"]:
        def ioi_prompt(rng, frame, order=None):
            d = saved[1](rng, frame, order)
            if rng.random() < V["recur"]:
                who, oth = rng.choice([d["io"], d["s"]]), rng.choice(pool)
                s = rng.choice([f"{who} was tired.", f"{who} met {oth}.", f"{oth} called {who}.",
                                f"{who} and {oth} are friends."])
                d = dict(d, text=s + " " + d["text"])
            return d
        T.ioi_prompt = ioi_prompt
    try:
        docs = T.build_corpus(r["n_docs"], r["seed"], V["mix"])
        tok = T.train_tokenizer(docs, out / "tokenizer", V["vocab"])
        ids = [tok.encode(" " + n, add_special_tokens=False)[0] for n in pool]
    finally: T.NAMES, T.ioi_prompt = saved
    rows = T.pack(docs, tok, r["n_ctx"])
    cfg = T.toy_cfg(len(tok), r["n_layers"], r["d_model"], r["n_heads"], r["n_ctx"], r["seed"])
    m = T.train_model(cfg, rows, r["steps"], r["batch"], r["lr"], r["seed"], name_weight=r["name_weight"],
                      name_ids=ids, log_every=500)
    pm = T.process_model(cfg, m.state_dict(), tok); T.save_toy_model(pm, out)
    return pm

@torch.no_grad()
def measure(model, n:int=200)->dict:
    res = {"fresh": T.ioi_metrics(model, T.eval_dataset(model, n, 1)),
           "heldout": T.ioi_metrics(model, T.eval_dataset(model, n, 2, heldout=True))}
    ds = T.eval_dataset(model, n, 1); clean = clean_run(model, ds); cfs = noising_counterfactuals(ds)
    L = model.cfg.n_layers
    res["noising at S2"] = {}
    for ls in [[l] for l in range(L)] + [list(range((L + 1) // 2)), list(range(L))]:
        nz = noising(model, clean, cfs, layers=ls, all_positions_baseline=False)
        res["noising at S2"][f"layers {ls}"] = {k: round(x, 3) for k, x in zip(nz.names, nz.recovery().tolist())}
    _, c = model.run_with_cache(ds.toks, names_filter=lambda h: h.endswith("pattern"))
    b, p = torch.arange(len(ds)), ds.pos
    att = lambda q, k: {f"{l}.{h}": round(c[f"blocks.{l}.attn.hook_pattern"][b, h, p[q], p[k]].mean().item(), 3)
                        for l in range(L) for h in range(model.cfg.n_heads)}
    res["attention S2->S1"], res["attention END->S2"] = att("S2", "S1"), att("end", "S2")
    from ioi_sae_nbdev.circuit import circuit_diagnostics, circuit_json
    res["head classes"] = circuit_json(circuit_diagnostics(model, ds), model.cfg.model_name)["head_classes"]
    return res

def collect(dirs:list[Path], dest:Path):
    "The model card's record of the attempts (`s2_attempts.json` beside card.json): one summary per measured OUT."
    keep = ["fresh", "heldout", "head classes"]
    out = []
    for d in dirs:
        r = json.loads((Path(d) / "s2.json").read_text()); nz = r["noising at S2"]
        L = max(len(k.split(",")) for k in nz)
        top = lambda a: sorted(a.items(), key=lambda x: -x[1])[:3]
        out.append(dict(variant=r["variant"], settings=r["settings"], train_s=r["train_s"],
                        **{k: r[k] for k in keep},
                        noising_all_layers=nz[f"layers {list(range(L))}"],
                        noising_per_layer={k: {c: v[c] for c in ("names+prefix+filler", "' and'→'alongside'")}
                                           for k, v in nz.items() if "," not in k},
                        top_s2_to_s1=top(r["attention S2->S1"]), top_end_to_s2=top(r["attention END->S2"])))
    dest.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {dest} ({len(out)} attempts)")

if __name__ == "__main__":
    if sys.argv[1] == "--collect":
        from ioi_sae_nbdev.loading import asset_dir
        collect([Path(a) for a in sys.argv[2:]], asset_dir("toy-ioi") / "s2_attempts.json"); sys.exit()
    name, out = sys.argv[1], Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1); t0 = time.time()
    if name == "shipped": model, V = load_toy_model(), {}
    elif (out / "model.safetensors").exists():          # trained before: measure again only
        model, V = load_toy_model(path=out), VARIANTS[name]
    else: model, V = train_variant(name, out), VARIANTS[name]
    old = json.loads((out / "s2.json").read_text()) if (out / "s2.json").exists() else {}
    res = dict(variant=name, settings=V, train_s=old.get("train_s", round(time.time() - t0)), **measure(model))
    (out / "s2.json").write_text(json.dumps(res, indent=1))
    print(json.dumps(res, indent=1))
