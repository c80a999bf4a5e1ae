#!/usr/bin/env python
"""The docs pages as a reader gets them, checked without Quarto (it cannot be installed here; the site is built by
nbdev's GitHub Actions workflow): each notebook processed by `nbdev_proc_nbs` (in `_proc/`, made afresh by the docs step) is converted by Debian's `pandoc` — the parser Quarto runs — to HTML, and
- pandoc succeeds without warnings; no text is left as an unresolved citation (`@x`) or as a broken table (`| ...`);
- no cell output is an error, a traceback, a progress bar or a log line;
- the page opens in headless Chromium with no JavaScript error; its plotly figures draw (plotly.js, MathJax and the
  Colab badge, which the page loads from CDNs, are served from local copies, and any other request is a failure).
Screenshots of the index and two method pages: test_artifacts/docs_index.png, docs_07_splice.png, docs_12_rdfa.png.
Exit status 0 = pass; `SKIP: <install step>` and 0 when pandoc, selenium or Chromium is missing.
"""
import json, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path
from _common import ART, ROOT, browser, external, requests, severe, skip

SHOTS = {"index": "docs_index.png", "07_splice": "docs_07_splice.png", "12_rdfa": "docs_12_rdfa.png"}
RESIDUE = [(r"\d+%\|[█▏▎▍▌▋▊▉ ]*\|", "a progress bar"), (r"Moving model to device", "a log line"),
           (r"Traceback \(most recent call last\)", "a traceback"), (r"it/s\]", "a progress bar")]

def processed()->Path:
    "`_proc/`, made afresh by the docs step (`nbdev_proc_nbs`, CPU-only and offline) from the notebooks as they are."
    sys.path.insert(0, str(ROOT / "tools"))
    import run_tests
    ok, msg = run_tests.docs_check()
    if not ok: print(msg); sys.exit(1)
    return ROOT / "_proc"

def to_html(nb:Path, d:Path)->tuple[Path, str, list]:
    "pandoc's HTML of a processed notebook, its stderr, and the outputs that should not be on a page."
    j = json.loads(nb.read_text()); bad = []
    for c in j["cells"]:
        for o in c.get("outputs", []):
            if o.get("output_type") == "execute_result" and o.get("execution_count") is None: o["execution_count"] = 1
            if o.get("output_type") == "error": bad.append(f"an error output ({o.get('ename')})")
            text = "".join(o.get("text", [])) + "".join(o.get("data", {}).get("text/plain", []))
            bad += [f"{what}: {m.group(0)!r}" for pat, what in RESIDUE for m in [re.search(pat, text)] if m]
    src = d / nb.name; src.write_text(json.dumps(j))
    out = d / (nb.stem + ".html")
    r = subprocess.run(["pandoc", str(src), "-f", "ipynb", "-t", "html5", "--standalone", "--mathml",
                        "--metadata", f"title={nb.stem}", "-c", (ROOT / "nbs" / "styles.css").as_uri(), "-o", str(out)],
                       capture_output=True, text=True)
    if r.returncode: bad.append(f"pandoc failed: {r.stderr[-300:]}")
    return out, r.stderr.strip(), bad

def localise(html:Path, d:Path):
    "Point the CDN addresses the page loads at local copies (plotly.js from the plotly package, stubs otherwise)."
    import plotly
    s = html.read_text()
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    (d / "mathjax-stub.js").write_text("/* MathJax stub: plotly only configures it */")
    (d / "badge.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20">'
                                 '<rect width="117" height="20" fill="#555"/></svg>')
    s = re.sub(r"https://cdn\.plot\.ly/plotly-[0-9.]+\.min(\.js)?", plotly_js.as_uri(), s)
    s = re.sub(r"https://cdnjs\.cloudflare\.com/ajax/libs/mathjax/[^\"']+", (d / "mathjax-stub.js").as_uri(), s)
    s = s.replace("https://colab.research.google.com/assets/colab-badge.svg", (d / "badge.svg").as_uri())
    html.write_text(s)

def main()->int:
    if shutil.which("pandoc") is None: skip("needs Debian pandoc (apt-get install pandoc)")
    try: import selenium  # noqa: F401  (fail fast, before the pages are processed)
    except ImportError: skip("needs selenium (tools/install.sh dev)")
    proc, d, failed = processed(), Path(tempfile.mkdtemp(prefix="docs-test-")), []
    shutil.copytree(ROOT / "nbs" / "images", d / "images")        # as Quarto copies the pages' images
    ART.mkdir(exist_ok=True)
    drv = browser(1200, 2400, network_log=True)
    try:
        for nb in sorted(proc.glob("*.ipynb")):
            html, err, bad = to_html(nb, d)
            s = html.read_text() if html.exists() else ""
            if err: bad.append(f"pandoc warns: {err[:200]}")
            bad += [f"unresolved citation @{c}" for c in re.findall(r'class="citation" data-cites="([^"]+)"', s)]
            bad += [f"a broken table: {t[:60]!r}" for t in re.findall(r"<p>\|[^<]{0,60}", s)]
            localise(html, d)
            drv.get_log("performance"); drv.get_log("browser")
            drv.get(html.as_uri()); time.sleep(1.0)
            figs = drv.execute_script("return document.querySelectorAll('.plotly-graph-div').length")
            drawn = drv.execute_script("return document.querySelectorAll('.plotly-graph-div .main-svg').length")
            if figs and not drawn: bad.append(f"{figs} plotly figures, none drawn")
            bad += [f"JavaScript error: {e[:200]}" for e in severe(drv)]
            bad += [f"network request {u}" for u in external(requests(drv))]
            if nb.stem in SHOTS: drv.save_screenshot(str(ART / SHOTS[nb.stem]))
            print(f"{'PASS' if not bad else 'FAIL'}  {nb.stem}: {figs} plotly figures ({drawn and 'drawn' or '-'})"
                  + "".join(f"\n      {b}" for b in bad[:8]))
            if bad: failed.append(nb.stem)
    finally:
        drv.quit(); shutil.rmtree(d, ignore_errors=True)
    print(f"screenshots: {', '.join(str(ART / s) for s in SHOTS.values())}")
    print("FAILED: " + ", ".join(failed) if failed else "all docs pages render")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
