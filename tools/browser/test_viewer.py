#!/usr/bin/env python
"""Browser test of `ioi_sae_nbdev.viewer`: RDFA graphs of the embedded model in circuit-tracer 0.5.0's frontend.

Writes two RDFA graphs of the embedded toy model as `ioi-sae graph` does (`cli.write_graph`, 20 expansions, with
their feature pages and the viewer's feature examples; the second has an HTML-injection prompt), opens the QK side of
the first graph's strongest head path (`qk_attr`: `qk_score`/`qk_pair` nodes, `qk` links), serves them with
`serve_graphs` and opens the page in headless Chromium (Selenium).
Checks:
  (a) the graph list (`select.graph-prompt-select`) shows our graphs;
  (b) every node and link of our JSON is in the viewer's data after its `utilCg.formatData`;
  (c) clicking an SAE feature node shows its detail (`.feature-detail`): its feature page link and its examples;
  (d) no SEVERE JavaScript error in the browser log (favicon 404s aside);
  (e) the injection prompt shows as text and runs no script (`document.title` is not 'pwned');
  (f) the node's feature page (its `vis_link`, served from the graph directory) opens and links back to the graph.

How (b) reads the viewer's data: before any page script runs, a script installed with the DevTools command
`Page.addScriptToEvaluateOnNewDocument` traps the assignment `window.utilCg = ...` (util-cg.js) and wraps
`utilCg.formatData`, so each formatted graph is kept as `window.__ioiFormatted[slug]` (node ids, link pairs).
This reads exactly what every pane of the viewer draws from, whatever is drawn on canvas; the drawn node elements
(`.link-graph text.node`, d3 `__data__`) are counted as a cross-check.

Exit status 0 = pass. Prints `SKIP: <reason>` and exits 0 when selenium, Chromium or chromedriver is missing or the
frontend cannot be had. Screenshots: test_artifacts/viewer_graph.png, test_artifacts/viewer_clicked.png.
Usage: python tools/browser/test_viewer.py [--keep DIR]   (DIR: keep the graph directory there)
"""
import argparse, json, shutil, sys, tempfile, time
from pathlib import Path
from _common import ART, Checks, browser, severe_entries, skip

PROMPT = "When Mary and John went to the store, John gave a drink to"
XSS_PROMPT = "<img src=x onerror=\"document.title='pwned'\"> and Mary went to the store. John gave a drink to"

HOOK = """
(() => {
  window.__ioiFormatted = {};
  let u;
  Object.defineProperty(window, 'utilCg', {configurable: true, get: () => u, set: v => {
    u = v;
    const orig = v.formatData;
    v.formatData = async function(data, visState) {
      const out = await orig.apply(this, arguments);
      window.__ioiFormatted[visState.slug] = {
        nodes: out.nodes.map(d => d.node_id),
        links: out.links.map(d => [d.source, d.target]),
        rows: new Set(out.nodes.map(d => d.streamIdx)).size,
      };
      return out;
    };
  }});
})();
"""

def frontend():
    "circuit-tracer's frontend: an installed or cached one, else downloaded (SKIP when neither works)."
    from ioi_sae_nbdev.viewer import fetch_frontend, frontend_dir
    try: return frontend_dir()
    except FileNotFoundError: pass
    try: return fetch_frontend()
    except (RuntimeError, OSError, ValueError) as e:
        skip(f"circuit-tracer's frontend cannot be fetched ({str(e).splitlines()[0]}); it needs PyPI for "
             f"`pip download --no-deps circuit-tracer==0.5.0` (or set IOI_SAE_VIEWER_FRONTEND to an unpacked copy)")

def build_graphs(out:Path)->dict[str, dict]:
    "The two RDFA graphs of the toy model, written as a user writes them (`ioi-sae graph` = `cli.write_graph`)."
    from ioi_sae_nbdev.cli import write_graph
    graphs = {}
    for slug, prompt in (("toy-ioi", PROMPT), ("toy-xss", XSS_PROMPT)):
        r = write_graph("toy-ioi", prompt, "auto", out, max_expansions=20, slug=slug)
        graphs[slug] = json.loads(Path(r["graph"]).read_text())
        print(f"graph {slug}: {r['target']}, {r['nodes']} nodes, {r['links']} links, {len(r['pages'])} feature pages")
    meta = json.loads((out / "graph-metadata.json").read_text())
    assert [e["slug"] for e in meta["graphs"]] == list(graphs), meta       # save_graph lists every graph it wrote
    graphs["toy-ioi"] = add_qk(out / "toy-ioi.json")
    return graphs

def add_qk(path:Path)->dict:
    "The toy graph with the QK side of its target's strongest head path (`qk_score`/`qk_pair` nodes, `qk` links)."
    import torch
    from ioi_sae_nbdev.cli import _setup
    from ioi_sae_nbdev.graph import load_graph, save_graph
    from ioi_sae_nbdev.qk_attr import qk_attribution
    m, _, resid, _ = _setup("toy-ioi")
    g = load_graph(path)
    hp = max((l for l in g.children(g.target) if l.source.kind == "head_source"), key=lambda l: abs(l.weight)).source
    qa = qk_attribution(m, resid[hp.layer], torch.tensor(g.tokens), hp.layer, hp.index, q=hp.parent.pos, s=hp.pos)
    qa.add_to_graph(g, hp, k=5)
    save_graph(g, path)
    d = json.loads(path.read_text())
    print(f"graph toy-ioi + QK side of {g.nodes[hp].label}: {len(d['nodes'])} nodes, {len(d['links'])} links "
          f"({sum(l.get('link_type') == 'qk' for l in d['links'])} qk)")
    return d

def wait_for(drv, slug:str, timeout:float=30.)->dict|None:
    "The viewer's formatted data of `slug` once its nodes are drawn, else None."
    end = time.time() + timeout
    while time.time() < end:
        got = drv.execute_script("const f = (window.__ioiFormatted || {})[arguments[0]];"
                                 "return f && document.querySelectorAll('.link-graph text.node').length ? f : null",
                                 slug)
        if got: time.sleep(0.5); return got
        time.sleep(0.2)
    return None

def compare(check:Checks, d:dict, got:dict|None, slug:str):
    "(b): node ids and link (source, target) pairs of the JSON vs the viewer's formatted data."
    jn = [n["node_id"] for n in d["nodes"]]
    jl = [(l["source"], l["target"]) for l in d["links"]]
    if not check(got is not None, f"[{slug}] viewer formatted the graph and drew nodes"): return
    vn, vl = got["nodes"], [tuple(x) for x in got["links"]]
    print(f"[{slug}] JSON nodes/links {len(jn)}/{len(jl)} (unique {len(set(jn))}/{len(set(jl))}) vs viewer "
          f"nodes/links {len(vn)}/{len(vl)}; viewer layer rows in use: {got['rows']}")
    missing_n, missing_l = set(jn) - set(vn), set(jl) - set(vl)
    check(not missing_n, f"[{slug}] every JSON node is in the viewer", f"{len(missing_n)} missing, e.g. "
          f"{sorted(missing_n)[:5]}" if missing_n else "")
    check(not missing_l, f"[{slug}] every JSON link is in the viewer", f"{len(missing_l)} missing, e.g. "
          f"{sorted(missing_l)[:3]}" if missing_l else "")
    check(not set(vn) - set(jn), f"[{slug}] the viewer has no node that is not in the JSON",
          str(sorted(set(vn) - set(jn))[:5]))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--keep", help="write the graphs to this directory (kept) instead of a temporary one")
    a = p.parse_args()
    try: import selenium  # noqa: F401  (fail fast, before the model is loaded)
    except ImportError: skip()
    fe = frontend()
    print(f"frontend: {fe}")
    from ioi_sae_nbdev.viewer import serve_graphs
    ART.mkdir(exist_ok=True)
    out = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="viewer-graphs-"))
    out.mkdir(parents=True, exist_ok=True)
    graphs = build_graphs(out)
    check = Checks()
    drv = browser(1600, 1100, on_new_document=HOOK)
    try:
        with serve_graphs(out, frontend=fe) as srv:
            print(f"serving {srv.url}")
            drv.get(srv.url + "?slug=toy-ioi")
            got = wait_for(drv, "toy-ioi")
            drv.save_screenshot(str(ART / "viewer_graph.png"))
            # (a) the graph list
            opts = drv.execute_script("return [...document.querySelectorAll('select.graph-prompt-select option')]"
                                      ".map(o => [o.value, o.textContent])")
            print(f"graph list: {opts}")
            check({v for v, _ in opts} >= set(graphs), "(a) the graph list shows our graphs",
                  f"options {[v for v, _ in opts]}")
            # (b) nodes and links
            compare(check, graphs["toy-ioi"], got, "toy-ioi")
            drawn = drv.execute_script("return [...document.querySelectorAll('.link-graph text.node')]"
                                       ".map(e => e.__data__.node_id)")
            print(f"[toy-ioi] drawn node elements: {len(drawn)} ({len(set(drawn))} distinct ids)")
            # (c) click a feature node
            d = graphs["toy-ioi"]
            feats = [n for n in d["nodes"] if n["feature_type"] == "cross layer transcoder" and n.get("vis_link")
                     and n["node_id"] in set(drawn)]
            feats.sort(key=lambda n: n["rdfa"]["feature_type"] != "attention sae feature")
            if check(bool(feats), "(c) a feature node of the JSON is drawn"):
                n = feats[0]
                el = drv.execute_script("return [...document.querySelectorAll('.link-graph text.node')]"
                                        ".find(e => e.__data__.node_id === arguments[0])", n["node_id"])
                from selenium.webdriver.common.action_chains import ActionChains
                ActionChains(drv).move_to_element(el).click().perform()
                time.sleep(1.0)
                clicked = drv.execute_script("return new URL(location).searchParams.get('clickedId')")
                detail = drv.execute_script("const e = document.querySelector('.feature-detail');"
                                            "return e ? e.innerText.trim() : null")
                hrefs = drv.execute_script("return [...document.querySelectorAll('.feature-detail a, "
                                           ".node-connections a')].map(a => a.getAttribute('href'))")
                conn = drv.execute_script("const e = document.querySelector('.node-connections');"
                                          "return e ? e.innerText : ''")
                print(f"clicked {n['node_id']} ({n['feature_type']}, vis_link={n.get('vis_link')!r}); "
                      f"viewer clickedId={clicked!r}")
                print(f"feature-detail text: {detail!r}")
                print(f"links in detail/connections: {hrefs}")
                check(clicked == n["node_id"], "(c) the click selects the node", f"clickedId {clicked!r}")
                check(bool(detail), "(c) .feature-detail shows the clicked node", repr((detail or "")[:80]))
                check(n["vis_link"] in hrefs, "(c) the node's feature page is linked from its detail",
                      f"{n['vis_link']!r} among {hrefs}")
                ex = ""
                for _ in range(50):                        # its examples file loads asynchronously
                    ex = drv.execute_script("const e = document.querySelector('.feature-examples-container');"
                                            "return e ? e.innerText.trim() : ''")
                    if ex: break
                    time.sleep(0.1)
                check(bool(ex), "(c) the detail shows the feature's examples", repr(ex[:120]))
                drv.save_screenshot(str(ART / "viewer_clicked.png"))
                # (f) the linked feature page, served from the graph directory
                drv.get(srv.url + n["vis_link"])
                time.sleep(0.5)
                page_title = drv.title
                print(f"feature page {n['vis_link']}: title {page_title!r}")
                check(drv.execute_script("return document.characterSet") == "UTF-8" and bool(page_title),
                      "(f) the feature page opens (UTF-8, titled)", page_title)
                drv.save_screenshot(str(ART / "viewer_feature_page.png"))
                back = drv.execute_script("return [...document.querySelectorAll('a')]"
                                          ".find(a => (a.getAttribute('href') || '').includes('slug=toy-ioi'))")
                if check(back is not None, "(f) the page links back to the graph"):
                    drv.execute_script("window.__ioiFormatted = {}")
                    back.click()                           # following it opens the graph in the viewer again
                    check(wait_for(drv, "toy-ioi") is not None, "(f) the link back opens the graph in the viewer",
                          drv.current_url)
            logs = drv.get_log("browser")                  # the buffer empties on each read
            # (e) the injection prompt
            drv.get(srv.url + "?slug=toy-xss")
            got_x = wait_for(drv, "toy-xss")
            compare(check, graphs["toy-xss"], got_x, "toy-xss")
            # the viewer's tooltip writes a node's label with .html(): put every node's label through that sink
            drv.execute_script("const t = d3.select('.tooltip'); d3.selectAll('.link-graph text.node')"
                               ".each(d => t.html(d.ppClerp)); t.html('')")
            time.sleep(0.5)
            title = drv.title
            opt = drv.execute_script("const s = document.querySelector('select.graph-prompt-select');"
                                     "return s.options[s.selectedIndex].textContent")
            imgs = drv.execute_script("return document.querySelectorAll('img').length")
            print(f"xss graph: title {title!r}; selected option {opt!r}; <img> elements {imgs}")
            check(title != "pwned" and "pwned" not in drv.execute_script("return window.name"),
                  "(e) the prompt ran no script", f"document.title {title!r}")
            check(XSS_PROMPT in opt, "(e) the prompt shows as text in the graph list", repr(opt))
            check(imgs == 0, "(e) no <img> element was injected", f"{imgs}")
            # (d) the browser log of both pages
            logs += drv.get_log("browser")
            bad = severe_entries(logs)
            for l in bad[:10]: print(f"  SEVERE {l['message'][:300]}")
            check(not bad, "(d) no SEVERE JavaScript error in the browser log", f"{len(bad)} errors")
    finally:
        drv.quit()
        if not a.keep: shutil.rmtree(out, ignore_errors=True)
    print(f"screenshots: {ART / 'viewer_graph.png'}, {ART / 'viewer_clicked.png'}")
    print(f"{'FAILED: ' + '; '.join(check.failed) if check.failed else 'all viewer checks passed'}")
    return 1 if check.failed else 0

if __name__ == "__main__":
    sys.exit(main())
