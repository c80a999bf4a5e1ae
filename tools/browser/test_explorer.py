#!/usr/bin/env python
"""Browser test of the Attention Circuit Explorer (`ioi_sae_nbdev.explorer`), as a user opens it.

1. The static export (`ioi-sae explore --out FILE`, the real command): opened from disk in headless Chromium; its
   steps are `<details>` elements, opened by clicking their summaries two levels deep; checks that each shows its
   exactness line, that nothing is requested from the network, that no JavaScript error occurs, and that a prompt
   holding `<img onerror=...>` shows as text and runs nothing.
2. The live app in Voila (`ioi-sae explore --serve`'s notebook and page template): token chips, feature rows and
   breadcrumbs clicked by the page's own buttons, two levels deep (a token, an attention feature, one of its
   (head, source) paths); checks the view and its exactness line at each step, the injection prompt typed into the
   prompt box, no JavaScript error and no request outside the local server.
Exit status 0 = pass; prints `SKIP: <reason>` and exits 0 when selenium, Chromium, chromedriver or Voila is missing.
Screenshots: test_artifacts/explorer_export.png, explorer_live_token.png, explorer_live_feature.png,
explorer_live_path.png, explorer_live_qk.png.
"""
import json, shutil, socket, subprocess, sys, tempfile, time
from pathlib import Path
from _common import ART, Checks, browser as _browser, requests, severe, skip, wait

INSTALL = ("needs selenium and voila (tools/install.sh dev) and Debian chromium + chromium-driver "
           "(apt-get install chromium chromium-driver)")
PROMPT = "When Mary and John went to the store, John gave a drink to"
XSS = "<img src=x onerror=\"document.title='pwned'\"> and Mary went to the store. John gave a drink to"

def body(drv)->str: return drv.execute_script("return document.body.innerText")

def export_checks(check, drv, d:Path):
    for name, prompt in (("explorer", PROMPT), ("xss", XSS)):
        r = subprocess.run([sys.executable, "-m", "ioi_sae_nbdev.cli", "explore", "--prompt", prompt, "--out",
                            str(d / f"{name}.html")], capture_output=True, text=True, timeout=600)
        if not check(r.returncode == 0, f"export: ioi-sae explore writes {name}.html", (r.stdout + r.stderr)[-300:]):
            return
    drv.get((d / "explorer.html").as_uri()); time.sleep(0.5)
    n_details = drv.execute_script("return document.querySelectorAll('details').length")
    check(n_details >= 3, "export: one <details> per step of the path", f"{n_details} steps")
    opened = []
    for i in (1, 2):                                     # two levels: the token, then its first feature
        s = drv.execute_script("const d = document.querySelectorAll('details')[arguments[0]]; "
                               "d.open = false; return d.querySelector('summary')", i)
        s.click(); time.sleep(0.2)
        opened.append(drv.execute_script("const d = document.querySelectorAll('details')[arguments[0]]; "
                                         "return [d.open, d.innerText]", i))
    check(all(o for o, _ in opened), "export: clicking a step's summary opens it (two levels)")
    check(all(("residual" in t and "=" in t) for _, t in opened), "export: each opened step shows its exactness line",
          repr([t[:100] for _, t in opened]))
    drv.save_screenshot(str(ART / "explorer_export.png"))
    drv.get((d / "xss.html").as_uri()); time.sleep(0.5)
    check("<img src=x onerror" in body(drv), "export: the injection prompt shows as text")
    check(drv.title != "pwned" and drv.execute_script("return document.querySelectorAll('img').length") == 0,
          "export: the injection prompt ran nothing", drv.title)
    net = [u for u in requests(drv) if not u.startswith(("file://", "data:"))]
    check(not net, "export: no network request", str(net[:5]))
    bad = severe(drv)
    check(not bad, "export: no JavaScript error", str(bad[:3]))

def buttons(drv, pattern:str)->list:
    "Buttons whose text matches `pattern` (a regular expression), read in one script: the app re-renders as it likes."
    return drv.execute_script("const r = new RegExp(arguments[0]); return [...document.querySelectorAll('button')]"
                              ".filter(b => r.test((b.innerText || '').trim()))", pattern)

def click(drv, pattern:str, i:int=0, tries:int=20)->str|None:
    "Click the i-th button matching `pattern`; its text, or None. Retries when a re-render replaced the element."
    from selenium.common.exceptions import StaleElementReferenceException
    for _ in range(tries):
        try:
            bs = buttons(drv, pattern)
            if len(bs) > i:
                text = bs[i].text; bs[i].click(); return text
        except StaleElementReferenceException: pass
        time.sleep(0.3)
    return None

def live_checks(check, drv, d:Path):
    from ioi_sae_nbdev.cli import _explorer_notebook, voila_command
    nb = d / "explorer.ipynb"; nb.write_text(json.dumps(_explorer_notebook("toy-ioi", PROMPT, 8)))
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    cmd, env = voila_command(nb, port)
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=d)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.time()
        wait(lambda: drv.get(base + "/") or True, 60)
        from selenium.webdriver.common.by import By
        chip = wait(lambda: drv.find_element(By.CSS_SELECTOR, "button[title^='position 13:']"), 180)
        if not check(chip is not None, "live: Voila renders the app with the prompt's token chips",
                     f"{time.time() - t0:.1f} s"): return
        check("top predictions" in body(drv), "live: the top predictions are shown")
        wait(lambda: drv.find_element(By.CSS_SELECTOR, "button[title^='position 13:']").click() or True, 20)
        rows = wait(lambda: buttons(drv, r"^L\d+\.\d+"), 30)
        check(bool(rows), "live: clicking the last token lists its active attention features",
              f"{len(rows or [])} rows")
        check(wait(lambda: "residual" in body(drv) and "✓" in body(drv), 10) is not None,
              "live: the token view shows its exactness check (✓ ... residual)")
        drv.save_screenshot(str(ART / "explorer_live_token.png"))
        if not rows: return
        label = click(drv, r"^L\d+\.\d+")
        paths = wait(lambda: buttons(drv, r"^head \d+\.\d+"), 30)
        check(bool(paths) and "pre-activation" in body(drv), "live: clicking a feature shows its (head, source) paths "
              "and the sum = pre-activation check", f"{label!r}: {len(paths or [])} paths")
        check(bool(buttons(drv, r"^› ")), "live: a breadcrumb for the feature")
        drv.save_screenshot(str(ART / "explorer_live_feature.png"))
        if paths:
            click(drv, r"^head \d+\.\d+")
            kids = wait(lambda: buttons(drv, r"^R\d+\.\d+|error"), 30)
            check(bool(kids) and len(buttons(drv, r"^› ")) >= 2, "live: clicking a path lists the residual features "
                  "at its source (second level) with a second breadcrumb", f"{len(kids or [])} rows")
            check("✓" in body(drv), "live: the path's exactness check holds (✓)")
            drv.save_screenshot(str(ART / "explorer_live_path.png"))
            click(drv, r"^why does this head attend here\?$")
            pairs = wait(lambda: buttons(drv, r" × "), 60)
            check(bool(pairs) and "why head" in body(drv) and "score" in body(drv) and "✓" in body(drv),
                  "live: 'why does this head attend here?' opens the path's QK side: feature pairs whose sum is the "
                  "score (✓)", f"{len(pairs or [])} pair rows")
            check(wait(lambda: "competing keys" in drv.page_source and "pair table" in drv.page_source, 60) is not None,
                  "live: the QK view's figures are drawn (pair table, query and key sides, competing keys)")
            time.sleep(1.0); drv.save_screenshot(str(ART / "explorer_live_qk.png"))
            click(drv, r"^› ")                                   # back to the token
            check(wait(lambda: buttons(drv, r"^L\d+\.\d+"), 20) is not None, "live: a breadcrumb steps back")
        # the injection prompt, typed into the prompt box
        box = drv.find_element(By.CSS_SELECTOR, "input[type='text']")
        box.clear(); box.send_keys(XSS)
        click(drv, r"^Run$")
        wait(lambda: drv.find_elements(By.CSS_SELECTOR, "button[title^='position 20:']"), 30)
        check(drv.title != "pwned", "live: the injection prompt ran nothing", drv.title)
        check(drv.execute_script("return [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') "
                                 "=== 'x').length") == 0, "live: no <img> from the prompt")
        net = [u for u in requests(drv) if not u.startswith((base, f"ws://127.0.0.1:{port}", "data:", "blob:"))]
        check(not net, "live: no request outside the local server", str(net[:5]))
        bad = severe(drv)
        check(not bad, "live: no JavaScript error", str(bad[:3]))
    finally:
        p.terminate()
        try: p.wait(10)
        except subprocess.TimeoutExpired: p.kill()

def main():
    try: import selenium  # noqa: F401
    except ImportError: skip(INSTALL)
    import importlib.util
    if importlib.util.find_spec("voila") is None: skip(INSTALL)
    ART.mkdir(exist_ok=True)
    check, d = Checks(), Path(tempfile.mkdtemp(prefix="explorer-test-"))
    drv = _browser(1400, 1200, network_log=True)
    try:
        export_checks(check, drv, d)
        live_checks(check, drv, d)
    finally:
        drv.quit(); shutil.rmtree(d, ignore_errors=True)
    print(f"{'FAILED: ' + '; '.join(check.failed) if check.failed else 'all explorer checks passed'}")
    return 1 if check.failed else 0

if __name__ == "__main__":
    sys.exit(main())
