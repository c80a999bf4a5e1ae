"""Write a local Hugging Face hub mirror of GPT-2 Small and its public SAEs (real file formats, random weights).

Usage: python tools/make_hub_mirror.py DIR [--attn-layers 5 8 9] [--resid-layers 5 8 9] [--seed 0] [--check]

Then `HF_HOME=DIR HF_HUB_OFFLINE=1 python ...` runs `load_model("gpt2-small")`, `load_attn_saes`, `load_resid_saes`
against it. `--check` does that once in a fresh process (the GPT-2 Small path of the package, on 4 IOI prompts).
See nbs/02_hub_mirror.ipynb.
"""
import argparse, json, time
from ioi_sae_nbdev.hub_mirror import write_hub_mirror, run_offline

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir", help="the mirror's HF_HOME (the cache goes to DIR/hub)")
    p.add_argument("--attn-layers", type=int, nargs="+", default=[5, 8, 9], help="layers of gpt2-small-hook-z-kk")
    p.add_argument("--resid-layers", type=int, nargs="+", default=[5, 8, 9], help="layers of gpt2-small-res-jb")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--check", action="store_true", help="run the GPT-2 Small path offline against the mirror")
    a = p.parse_args()
    t = time.time()
    hf_home = write_hub_mirror(a.dir, a.attn_layers, a.resid_layers, a.seed)
    print(f"wrote {hf_home / 'hub'} in {time.time() - t:.0f} s; use it with HF_HOME={hf_home.resolve()} HF_HUB_OFFLINE=1")
    if a.check:
        code = ("import json\nfrom ioi_sae_nbdev.hub_mirror import check_gpt2_path\n"
                f"print(json.dumps(check_gpt2_path({a.attn_layers!r}, {a.resid_layers!r})))")
        facts = run_offline(hf_home, code)
        facts.pop("toks")
        print(json.dumps(facts, indent=1))

if __name__ == "__main__":
    main()
