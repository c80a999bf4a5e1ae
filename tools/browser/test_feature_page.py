"""Browser check of the feature pages (`ioi_sae_nbdev.pages`, nbs/13_feature_pages.ipynb) in headless Chromium.

Writes pages for two features of the embedded model (one with an "In graphs" link) and one hand-built page whose
context holds an HTML payload into a temporary folder, opens them with Selenium and checks: UTF-8 documents, titles,
the activation histogram (inline SVG), the highlighted peak token, the payload shown as text with no script run and
no <img> created, the graph link, readable token markers, and no SEVERE entry in the browser console. Screenshots go
to test_artifacts/feature_page.png and test_artifacts/feature_index.png.

Usage: python tools/browser/test_feature_page.py   (exit 0 = pass or SKIP, 1 = fail)
"""
import sys, tempfile
from pathlib import Path
from _common import ART, Checks, browser, severe_entries

PAYLOAD = """<img src=x onerror="document.title='pwned'">"""
ATTN, RESID = ("blocks.0.attn.hook_z", 1715), ("blocks.0.hook_resid_pre", 976)
GRAPH = ("IOI graph <prompt 0>", "graphs/ioi-0.html#L0.1715")

def write_pages(out:Path)->dict:
    "The two model pages and the index via save_feature_pages, plus the hand-built page with the payload."
    from ioi_sae_nbdev.pages import Context, FeaturePage, save_feature_pages
    res = save_feature_pages([ATTN, RESID], out, graphs={ATTN: [GRAPH]})
    bad = FeaturePage("blocks.0.hook_resid_pre", 3, 8, 0.5,
                      [Context(["⟨eot⟩", "Hi", " there", PAYLOAD, "↵", "\\xe2\\x80"], [0., .4, .8, 2., .1, 0.],
                               3, 0, 3, 2.)],
                      [(PAYLOAD, 1.)], [("<script>document.title='pwned'</script>", .5)])
    bad.save(out / "features" / "xss.html", [(PAYLOAD, "graphs/x.html?a=1&b=<2>")])
    return {"attn": out / res[ATTN], "resid": out / res[RESID], "xss": out / "features" / "xss.html",
            "index": out / "features" / "index.html"}

SEVERE = []

def full_page_screenshot(d, path:Path):
    "Screenshot of the whole page (the window grown to the document's height for the shot, then 1400x1000 again)."
    h = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(1400, max(1000, min(h + 140, 4000))); d.save_screenshot(str(path)); d.set_window_size(1400, 1000)

def check_page(d, check, name:str, url:str, title:str, peak:str|None):
    d.get(url)
    SEVERE.extend(severe_entries(d.get_log("browser")))
    js = d.execute_script
    check(f"{name}: charset UTF-8", js("return document.characterSet") == "UTF-8", js("return document.characterSet"))
    check(f"{name}: title", d.title == title, repr(d.title))
    text = js("return document.body.innerText")
    check(f"{name}: no U+FFFD in the page", "\ufffd" not in text)
    if peak is not None:
        check(f"{name}: histogram svg with bars", js("return document.querySelectorAll('svg.hist rect').length") > 0)
        pk = js("var e = document.querySelector('.ctxs .t.pk'); return e && e.textContent")
        check(f"{name}: highlighted peak token {peak!r}", pk == peak, repr(pk))
        st = js("var e = document.querySelector('.ctxs .t.pk'); var s = getComputedStyle(e);"
                "return [s.fontWeight, s.textDecorationLine, s.backgroundColor]")
        check(f"{name}: peak bold, underlined, coloured", int(st[0]) >= 600 and "underline" in st[1]
              and st[2] not in ("rgba(0, 0, 0, 0)", "transparent"), st)
    return text

def main():
    d, checks = browser(1400, 1000), Checks()
    check = lambda what, ok, detail="": checks(ok, what, "" if ok else str(detail))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            p = write_pages(Path(tmp))
            art = ART; art.mkdir(exist_ok=True)
            check_page(d, check, "attn page", p["attn"].as_uri(), "blocks.0.attn.hook_z · feature 1715",
                       " and")
            a = d.execute_script("var a = [...document.querySelectorAll('ul.graphs a')];"
                                 "return a.map(x => [x.getAttribute('href'), x.textContent])")
            check("attn page: 'In graphs' link, relative to the page", a == [["../" + GRAPH[1], GRAPH[0]]], a)
            n_src = d.execute_script("return document.querySelectorAll('.t.src').length")
            check("attn page: DFA source outlined", n_src > 0, n_src)
            full_page_screenshot(d, art / "feature_page.png")
            text = check_page(d, check, "resid page", p["resid"].as_uri(), "blocks.0.hook_resid_pre · feature 976",
                              None)
            check("resid page: no 'In graphs' section", "In graphs" not in text)
            check("resid page: histogram svg", d.execute_script("return !!document.querySelector('svg.hist')"))
            text = check_page(d, check, "xss page", p["xss"].as_uri(), "blocks.0.hook_resid_pre · feature 3", None)
            check("xss page: payload shown as text", PAYLOAD in text)
            check("xss page: title unchanged (no handler ran)", d.title == "blocks.0.hook_resid_pre · feature 3",
                  d.title)
            n_el = d.execute_script("return document.querySelectorAll('img, script').length")
            check("xss page: no img / script element", n_el == 0, n_el)
            check("xss page: token markers shown", all(m in text for m in ("⟨eot⟩", "↵", "\\xe2\\x80")))
            href = d.execute_script("return document.querySelector('ul.graphs a').getAttribute('href')")
            check("xss page: link href kept as data", href == "graphs/x.html?a=1&b=<2>", href)
            d.get(p["index"].as_uri())
            links = d.execute_script("return [...document.querySelectorAll('table a')]"
                                     ".map(x => x.getAttribute('href'))")
            check("index: links every page", links == ["resid0-976.html", "attn0-1715.html"], links)
            check("index: title", d.title == "Feature pages", d.title)
            full_page_screenshot(d, art / "feature_index.png")
            SEVERE.extend(severe_entries(d.get_log("browser")))
            check("no SEVERE browser console entries", not SEVERE, SEVERE)
    finally: d.quit()
    print(f"screenshots: {ART / 'feature_page.png'}, {ART / 'feature_index.png'}")
    print(f"{'FAIL' if checks.failed else 'PASS'}: {len(checks.failed)} failed checks")
    sys.exit(1 if checks.failed else 0)

if __name__ == "__main__":
    main()
