"""Regenerate docs/report.png: the HTML report of ../shared/corpus/pdfs, as headless Chromium shows it.

    .venv/bin/python bench/screenshot.py [PDF_FOLDER] [--out docs/report.png] [--html report.html]

Needs Debian's chromium at /usr/bin/chromium and the `playwright` package (the `test` extra); never downloads
a browser.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from paperbrief import pipeline
from paperbrief.render import Format, render

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdfs"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--html", type=Path, help="also keep the HTML report here")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1900)
    args = parser.parse_args()

    report = pipeline.run([str(args.folder)], pipeline.Options(topic="AI 研究"))
    html = render(report, Format.HTML)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = args.html or Path(tmp) / "report.html"
        page_path.write_text(html, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)
            page.goto(page_path.resolve().as_uri())
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"{args.out}: {len(report.papers)} papers, {len(report.failed)} failed")


if __name__ == "__main__":
    main()
