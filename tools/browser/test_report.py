#!/usr/bin/env python
"""The main job as a user runs it: `ioi-sae report --model toy-ioi --out DIR` (the installed console script, a fresh
process), then `DIR/report.html` opened in headless Chromium with no network. Checks:
- the command exits 0 within the issue's 2-minute budget and writes results.json and report.html;
- the page requests nothing outside the machine, logs no JavaScript error, and draws every plotly figure;
- it opens with the summary, one heading per section of results.json (in order), each section's computed summary
  sentence, a caption under every figure, and a glossary; no raw column names (`ld_mean`) in its tables;
- every relative link (explorer export, graph JSON, feature pages) points to a file the run wrote;
- text from prompts is escaped (no element the report did not write, e.g. no <img> outside the figures).
Screenshots: test_artifacts/report.png (first screen) and test_artifacts/report_sections.png (the RDFA section).
Usage: python tools/browser/test_report.py   (exit 0 = pass or SKIP, 1 = fail)
"""
import json, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path
from _common import ART, Checks, browser, open_page, skip

BUDGET_S = 120

def run_report(out:Path)->tuple[int, float, str]:
    exe = Path(sys.executable).parent / "ioi-sae"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from ioi_sae_nbdev.cli import main; main()"]
    t = time.time()
    r = subprocess.run(cmd + ["report", "--model", "toy-ioi", "--out", str(out)], capture_output=True, text=True)
    return r.returncode, time.time() - t, (r.stdout + r.stderr)[-3000:]

def main()->int:
    try: import selenium  # noqa: F401  (fail fast, before the report runs)
    except ImportError: skip()
    check, d = Checks(), Path(tempfile.mkdtemp(prefix="report-test-"))
    try:
        rc, secs, log = run_report(d / "results")
        out = d / "results"
        if not check(rc == 0, "ioi-sae report exits 0", log if rc else f"{secs:.1f} s"): return 1
        check(secs < BUDGET_S, f"the report runs within {BUDGET_S} s", f"{secs:.1f} s")
        check((out / "results.json").exists() and (out / "report.html").exists(), "results.json and report.html written")
        res = json.loads((out / "results.json").read_text())
        ART.mkdir(exist_ok=True)
        drv = browser(1300, 1000, network_log=True)
        try:
            open_page(drv, out / "report.html", check, "report.png", settle=2.0)
            figs = drv.execute_script("return document.querySelectorAll('.plotly-graph-div').length")
            drawn = drv.execute_script("return [...document.querySelectorAll('.plotly-graph-div')]"
                                       ".filter(g => g.querySelector('.main-svg')).length")
            check(figs > 0 and drawn == figs, "every plotly figure is drawn", f"{drawn} of {figs}")
            h2 = drv.execute_script("return [...document.querySelectorAll('h2')].map(h => h.innerText.trim())")
            titles = [s["title"] for s in res["sections"].values()]
            check(h2[:1] == ["Summary"], "the page opens with the summary", str(h2[:2]))
            check([t for t in h2 if t in titles] == titles, "one heading per section, in results.json's order",
                  f"{h2} vs {titles}")
            check("Glossary" in h2, "a glossary")
            text = drv.execute_script("return document.body.innerText")
            norm = lambda s: re.sub(r"\s+", " ", s)
            missing = [n for n, s in res["sections"].items() if norm(s["summary"])[:80] not in norm(text)]
            check(not missing, "each section's computed summary is on the page", str(missing))
            check("ld_mean" not in text and "kl_mean" not in text, "tables show readable headers, not column names")
            # the caption is the next element after the figure's wrapper (plotly's hidden tester <svg> aside)
            caps = drv.execute_script("return [...document.querySelectorAll('.plotly-graph-div')].map(g => {"
                                      "let c = g.parentElement.nextElementSibling;"
                                      "while (c && (c.tagName === 'SCRIPT' || c.tagName.toLowerCase() === 'svg'))"
                                      " c = c.nextElementSibling;"
                                      "return c && c.classList.contains('cap') ? c.innerText.trim() : ''})")
            check(all(caps), "a caption under every figure", f"{sum(map(bool, caps))} of {len(caps)}")
            hrefs = drv.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
            rel = [h for h in hrefs if not re.match(r"^(#|https?:|mailto:|data:)", h)]
            dead = [h for h in rel if not (out / h.split("#")[0]).exists()]
            check(rel and not dead, "every relative link points to a written file", f"{len(rel)} links; dead: {dead}")
            imgs = drv.execute_script("return document.querySelectorAll('img:not(.plotly-graph-div img)').length")
            check(imgs == 0, "no element from prompt text (no stray <img>)", str(imgs))
            drv.execute_script("document.getElementById('rdfa') && document.getElementById('rdfa').scrollIntoView()")
            time.sleep(0.5); drv.save_screenshot(str(ART / "report_sections.png"))
        finally: drv.quit()
        print(f"screenshots: {ART / 'report.png'}, {ART / 'report_sections.png'}")
    finally: shutil.rmtree(d, ignore_errors=True)
    print("FAILED: " + ", ".join(check.failed) if check.failed else "the report opens as a reader gets it")
    return 1 if check.failed else 0

if __name__ == "__main__":
    sys.exit(main())
