"""Benchmark of the Attention Circuit Explorer (issue 30) on the embedded toy-ioi model, on this CPU.

Prints: the time to open the app on a new prompt (state only, and state + rendered widget); a scripted 20-click path
(destination token, features, sources by their bars, residual features, upstream features, breadcrumbs back, graph
panel), each click timed from the call to the updated state (`ExplorerState`) and to the updated widget (`Explorer`,
the same clicks on a second app), median and worst; and the export of a path whose graph holds 20 expanded nodes
(`default_path`, then side branches; the greedy chain itself ends at the embeddings after about 10 nodes): time, bytes.
Goals: a click < 200 ms, a new prompt < 1 s, a 20-node export < 2 s and < 5 MB. Asserts nothing.
Usage: python benchmarks/bench_explorer.py [--k 8] [--figure-widgets auto|on|off]
"""
import argparse, json, statistics, time, warnings
import torch
from ioi_sae_nbdev.loading import load_model, load_attn_saes, load_resid_saes
from ioi_sae_nbdev.explorer import Explorer, ExplorerState, default_path

PROMPT = "When Mary and John went to the store, John gave a drink to"
PROMPT2 = "After Lisa and Tom met at the park, Tom handed a book to"

def ms(f, *a)->float:
    t = time.perf_counter(); f(*a); return 1000 * (time.perf_counter() - t)

def first(view, kind=None)->int:
    "Index of the first expandable row (of `kind`), else of the first expandable one."
    rows = [i for i, r in enumerate(view.rows) if r.expandable and (kind is None or r.kind == kind)]
    return rows[0] if rows else next(i for i, r in enumerate(view.rows) if r.expandable)

def script(tgt, st:ExplorerState)->list:
    "The 20 clicks: each entry (name, call); `tgt` is an ExplorerState or an Explorer (same path either way)."
    app = isinstance(tgt, Explorer)
    tok = tgt.click_token if app else st.select_token
    row = tgt.click_row if app else st.select
    crumb = tgt.click_crumb if app else st.back
    bar = tgt.click_bar if app else (lambda fig, i: st.select(st.view.figures[fig]["nodes"][i]))
    src = lambda: int(torch.tensor(st.view.figures["by source"]["y"]).abs().argmax())
    return [("token -1", lambda: tok(-1)), ("feature", lambda: row(0)), ("source bar", lambda: bar("by source", src())),
            ("resid feature", lambda: row(first(st.view))),
            ("upstream feature", lambda: row(first(st.view, "attn_feature"))),
            ("head bar", lambda: bar("by head", 0)), ("resid feature", lambda: row(first(st.view))),
            ("back 2", lambda: crumb(2)), ("source bar 0", lambda: bar("by source", 0)),
            ("resid feature", lambda: row(first(st.view))), ("back 1", lambda: crumb(1)), ("feature 2", lambda: row(2)),
            ("source bar", lambda: bar("by source", src())), ("resid feature", lambda: row(first(st.view))),
            ("back 0", lambda: crumb(0)), ("token 3", lambda: tok(3)), ("feature", lambda: row(0)),
            ("source bar", lambda: bar("by source", src())), ("back 1", lambda: crumb(1)),
            ("feature (again)", lambda: row(0))]

def grow(e:ExplorerState, n:int):
    "Expand side branches of the current path (deepest first) until `n` nodes are expanded."
    crumb = len(e.crumbs) - 2
    while len(e._exp) < n and crumb >= 1:
        e.back(crumb)
        for r in list(e.view.rows):
            if len(e._exp) >= n: break
            if r.expandable and r.node not in e._exp: e.select(r.node); e.back(crumb)
        crumb -= 1

def measure(k:int=8, figure_widgets=None, verbose:bool=True)->dict:
    "Run the benchmark and return its figures (printed as `key: value` lines when `verbose`); `figure_widgets` None: auto."
    fw = figure_widgets
    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)
    t = time.perf_counter()
    model = load_model("toy-ioi"); A, R = load_attn_saes(model), load_resid_saes(model)
    out = dict(load_model_and_saes_s=round(time.perf_counter() - t, 2), torch_threads=1, k=k)
    st = ExplorerState(model, A, R, k=k); st.set_prompt("warm up"); st.select_token(-1); st.select(0)
    out["new_prompt_state_ms"] = round(min(ms(st.set_prompt, PROMPT) for _ in range(3)), 1)
    app = Explorer(ExplorerState(model, A, R, k=k), fw); app.set_prompt("warm up"); app.click_token(-1)
    out["figure_widgets"] = app._fw
    out["new_prompt_widget_ms"] = round(min(ms(app.set_prompt, PROMPT if i % 2 else PROMPT2) for i in range(3)), 1)
    app.set_prompt(PROMPT)
    for name, tgt, s in (("state", st, st), ("widget", app, app.state)):
        times = []
        for label, call in script(tgt, s):
            t = time.perf_counter(); ok = call(); times.append(1000 * (time.perf_counter() - t))
            if ok is False: raise SystemExit(f"click {label!r} failed: {tgt.message}")
        out[f"click_{name}_median_ms"] = round(statistics.median(times), 1)
        out[f"click_{name}_worst_ms"] = round(max(times), 1)
        out[f"click_{name}_all_ms"] = [round(x, 1) for x in times]
        out[f"expansions_{name}"] = len(s._exp)
    e = ExplorerState(model, A, R, k=k); e.set_prompt(PROMPT)
    t = time.perf_counter(); path = default_path(e, depth=19)
    out["default_path_19_ms"] = round(1000 * (time.perf_counter() - t), 1)
    out["default_path_nodes"] = len(path)          # the greedy chain ends at a leaf (the embeddings) before 19 steps
    grow(e, 20); default_path(e, depth=19)          # 20 expanded nodes in the graph, the deepest chain as the path
    out["export_expanded_nodes"], out["export_path_steps"] = len(e._exp), len(e.crumbs)
    t = time.perf_counter(); html = e.to_html(); out["export_ms"] = round(1000 * (time.perf_counter() - t), 1)
    out["export_bytes"] = len(html.encode("utf-8"))
    if verbose:
        for key, v in out.items(): print(f"{key}: {json.dumps(v)}")
    return out

def main():
    p = argparse.ArgumentParser(); p.add_argument("--k", type=int, default=8)
    p.add_argument("--figure-widgets", choices=["auto", "on", "off"], default="auto")
    a = p.parse_args()
    measure(a.k, None if a.figure_widgets == "auto" else a.figure_widgets == "on")

if __name__ == "__main__":
    main()
