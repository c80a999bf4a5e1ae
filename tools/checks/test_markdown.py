#!/usr/bin/env python
"""The markdown a reader sees, checked where the docs render test cannot see it: Debian's pandoc (2.x) drops
text/markdown cell outputs, which Quarto renders. Every markdown cell and every text/markdown output of nbs/*.ipynb is
converted with pandoc (the parser Quarto runs) on its own and must give
- no citation (an unescaped `@word` outside code is a Pandoc citation),
- no pipe table left as text, and no table whose header and separator rows disagree in their number of cells,
- no `<|endoftext|>` inside a markdown table row (its `|` splits the cell), none unescaped in HTML outputs,
- no line of display math starting with `-`, `+` or `*` (Jupyter, Colab and GitHub read it as a list item).
Exit status 0 = pass; `SKIP: <install step>` and 0 without pandoc.
Usage: python tools/checks/test_markdown.py [notebook ...]
"""
import json, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEP = re.compile(r"^\s*\|?\s*:?-{3,}")

def pandoc(s:str)->str:
    return subprocess.run(["pandoc", "-f", "markdown", "-t", "html5", "--mathml"], input=s, capture_output=True,
                          text=True).stdout

def problems(s:str, is_cell:bool)->list[str]:
    out, h, lines = [], pandoc(s), s.split("\n")
    out += [f"a citation @{c}" for c in re.findall(r'data-cites="([^"]+)"', h)]
    out += [f"a table left as text {t[:50]!r}" for t in re.findall(r"<p>\|[^<]{0,50}", h)]
    for prev, line in zip(lines, lines[1:]):
        if SEP.match(line) and "|" in line and "|" in prev:
            nh = len(re.findall(r"(?<!\\)\|", prev.strip().strip("|"))) + 1
            ns = len(re.findall(r"\|", line.strip().strip("|"))) + 1
            if nh != ns: out.append(f"a table header of {nh} cells over {ns} columns: {prev[:60]!r}")
    out += [f"<|endoftext|> in a table row {l[:50]!r}" for l in lines
            if l.lstrip().startswith("|") and "<|endoftext|>" in l]
    if is_cell:
        for m in re.finditer(r"\$\$(.*?)\$\$", s, re.S):
            out += [f"a display-math line starting with {l.lstrip()[0]!r}: {l.strip()[:40]!r}"
                    for l in m.group(1).split("\n")[1:] if l.strip() and l.lstrip()[0] in "-+*"]
    return out

def main(files)->int:
    if shutil.which("pandoc") is None: print("SKIP: needs Debian pandoc (apt-get install pandoc)"); return 0
    bad = 0
    for f in files:
        nb, stem = json.loads(Path(f).read_text()), Path(f).stem
        for i, c in enumerate(nb["cells"]):
            found = problems("".join(c["source"]), True) if c["cell_type"] == "markdown" else []
            for o in c.get("outputs", []):
                d = o.get("data", {})
                if "text/markdown" in d: found += problems("".join(d["text/markdown"]), False)
                if "<|endoftext|>" in "".join(d.get("text/html", [])):
                    found.append("an unescaped <|endoftext|> in an HTML output (write &lt;|endoftext|&gt;)")
            for p in found: print(f"FAIL  {stem} cell {i} ({c.get('id')}): {p}")
            bad += len(found)
    print(f"{len(files)} notebooks: " + (f"{bad} problems" if bad else "the markdown renders as written"))
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or sorted((ROOT / "nbs").glob("*.ipynb"))))
