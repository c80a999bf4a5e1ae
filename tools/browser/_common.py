"""What every browser check shares: headless Chromium through Selenium, a skip naming the install step, a check list,
the console's errors and the page's network requests. Imported by `tools/browser/test_*.py` (run as scripts, so this
folder is on `sys.path`)."""
import json, shutil, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ART = ROOT / "test_artifacts"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL = ("needs selenium (tools/install.sh dev) and Debian chromium + chromium-driver "
           "(apt-get install chromium chromium-driver)")

def skip(reason:str=INSTALL):
    "Exit 0 with `SKIP: <reason>` (the runner counts it as skipped, and CI installs everything so it never is)."
    print(f"SKIP: {reason}"); sys.exit(0)

def browser(width:int=1400, height:int=1100, network_log:bool=False, on_new_document:str|None=None):
    "Headless Chromium (skips when selenium, chromium or chromium-driver is missing)."
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError: skip()
    driver_bin = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not CHROMIUM.exists() or not Path(driver_bin).exists(): skip()
    o = webdriver.ChromeOptions(); o.binary_location = str(CHROMIUM)
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}",
              "--allow-file-access-from-files"): o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network_log else {})})
    drv = webdriver.Chrome(service=Service(driver_bin), options=o)
    drv.set_window_size(width, height)
    if on_new_document: drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": on_new_document})
    return drv

class Checks:
    "Print one PASS/FAIL line per check; `failed` lists the failures."
    def __init__(self): self.failed = []
    def __call__(self, ok:bool, what:str, detail:str="")->bool:
        print(f"{'PASS' if ok else 'FAIL'}  {what}" + (f": {detail}" if detail else ""))
        if not ok: self.failed.append(what)
        return ok

def severe_entries(logs:list[dict])->list[dict]:
    "The SEVERE entries of a browser log (a missing favicon aside)."
    return [l for l in logs if l.get("level") == "SEVERE" and "favicon.ico" not in l.get("message", "")]

def severe(drv)->list[str]:
    "Messages of the SEVERE console entries since the last call."
    return [l["message"] for l in severe_entries(drv.get_log("browser"))]

def requests(drv)->list[str]:
    "URLs the page requested since the last call (needs `browser(network_log=True)`)."
    out = []
    for e in drv.get_log("performance"):
        m = json.loads(e["message"])["message"]
        if m["method"] == "Network.requestWillBeSent": out.append(m["params"]["request"]["url"])
        if m["method"] == "Network.webSocketCreated": out.append(m["params"]["url"])
    return out

def external(urls:list[str])->list[str]:
    "The requests that leave the machine (anything but file:, data:, about:, blob: and localhost)."
    local = ("file://", "data:", "about:", "blob:", "http://127.0.0.1", "http://localhost", "ws://127.0.0.1",
             "ws://localhost")
    return sorted({u[:120] for u in urls if not u.startswith(local)})

def wait(cond, timeout:float=60., step:float=0.2):
    "Poll `cond()` until it returns something truthy (exceptions count as not yet); None after `timeout` s."
    end = time.time() + timeout
    while time.time() < end:
        try:
            v = cond()
            if v: return v
        except Exception: pass
        time.sleep(step)
    return None

def open_page(drv, path:Path, check:Checks, shot:str|None=None, settle:float=1.5):
    "Load the local page `path` (its screenshot into test_artifacts/`shot`) and check that it raised no JavaScript "
    "error and requested nothing off the machine (the driver from `browser(network_log=True)`)."
    drv.get(Path(path).as_uri()); time.sleep(settle)
    if shot: ART.mkdir(exist_ok=True); drv.save_screenshot(str(ART / shot))
    check(not (e := severe(drv)), f"no JavaScript error on {Path(path).name}", "; ".join(e)[:300])
    check(not (x := external(requests(drv))), f"no request from {Path(path).name} leaves the machine", ", ".join(x)[:300])
