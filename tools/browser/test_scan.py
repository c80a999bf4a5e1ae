#!/usr/bin/env python
"""A scan as a user opens it: a small `scan` of the embedded model (24 IOI prompts, the local process pool), then its
`scan.html` in headless Chromium with no network, then the graph of its top composition in circuit-tracer's viewer.
Checks:
- the page logs no JavaScript error, requests nothing outside the machine and draws its plotly figure;
- it shows the computed summary sentence and one table row per top composition, the strongest first;
- every relative link of the page (graph JSON, the two features' pages) points to a file the scan wrote;
- the graph of the top composition loads whole in circuit-tracer's viewer (every node and link of its JSON), and the
  composition's downstream and upstream features are drawn nodes;
- a feature page linked from the table opens without a JavaScript error.
Screenshots: test_artifacts/scan.png (the page), test_artifacts/scan_viewer.png (the top composition's graph).
Usage: python tools/browser/test_scan.py   (exit 0 = pass or SKIP, 1 = fail)
"""
import json, sys, tempfile, time
from pathlib import Path
from urllib.parse import unquote
from _common import ART, Checks, browser, open_page, severe, skip

def main()->int:
    try: import selenium  # noqa: F401  (fail fast, before the scan runs)
    except ImportError: skip()
    from test_viewer import HOOK, compare, frontend, wait_for
    fe = frontend()
    import warnings; warnings.filterwarnings("ignore")
    from ioi_sae_nbdev.scan import ScanSpec, scan
    from ioi_sae_nbdev.viewer import serve_graphs
    check, out = Checks(), Path(tempfile.mkdtemp(prefix="scan-test-")) / "scan"
    t = time.time()
    r = scan(ScanSpec("toy-ioi", "ioi", n_prompts=24), out, workers=2, progress=False, graphs=2)
    print(f"scan: {r.title} ({time.time() - t:.1f} s); stats {r.stats}")
    top = r.ranking(2)
    ART.mkdir(exist_ok=True)
    drv = browser(1300, 1000, network_log=True)
    try:
        open_page(drv, out / "scan.html", check, "scan.png")
        drawn = drv.execute_script("return [...document.querySelectorAll('.plotly-graph-div')]"
                                   ".filter(g => g.querySelector('.main-svg .bars')).length")
        check(drawn == 1, "the ranking's bar chart is drawn", f"{drawn} drawn")
        text = drv.execute_script("return document.body.innerText")
        check(r.summary[:60] in text, "the computed summary is on the page", r.summary[:60])
        rows = drv.execute_script("return [...document.querySelectorAll('table tr')].slice(1)"
                                  ".map(tr => tr.cells[1].innerText)")
        check(rows[:2] == list(top.composition), "the table lists the top compositions, strongest first",
              f"{rows[:2]} vs {list(top.composition)}")
        hrefs = drv.execute_script("return [...document.querySelectorAll('table a')].map(a => a.getAttribute('href'))")
        missing = [h for h in hrefs if not (out / unquote(h)).exists()]
        check(len(hrefs) >= 6 and not missing, "every link of the table points to a written file",
              f"{len(hrefs)} links, missing {missing[:3]}")
        page = next((h for h in hrefs if "features/" in h), None)
        if check(page is not None, "a feature page is linked"):
            drv.get((out / unquote(page)).as_uri()); time.sleep(1.0)
            check(not (e := severe(drv)), "the linked feature page opens without a JavaScript error", "; ".join(e)[:300])
    finally: drv.quit()
    graph = out / next(h for h in hrefs if h.endswith(".json"))
    d, slug = json.loads(graph.read_text()), graph.stem
    drv = browser(1600, 1100, on_new_document=HOOK)
    try:
        with serve_graphs(out / "graphs", frontend=fe) as srv:
            drv.get(srv.url + f"?slug={slug}")
            got = wait_for(drv, slug)
            drv.save_screenshot(str(ART / "scan_viewer.png"))
            compare(check, d, got, slug)
            target = f"A{int(top.iloc[0].down_layer)}.{int(top.iloc[0].down_feature)}@"
            check(got is not None and any(n.startswith(target) for n in got["nodes"]),
                  "the top composition's downstream feature is drawn", target)
            up = f"A{int(top.iloc[0].up_layer)}.{int(top.iloc[0].up_feature)}@"
            check(got is not None and any(n.startswith(up) for n in got["nodes"]),
                  "its upstream feature is drawn, under the head path it composes through", up)
            check(not (e := severe(drv)), "no JavaScript error in the viewer", "; ".join(e)[:300])
    finally: drv.quit()
    print(f"{'FAILED: ' + '; '.join(check.failed) if check.failed else 'all scan checks passed'}")
    return 1 if check.failed else 0

if __name__ == "__main__":
    sys.exit(main())
