"""Regenerate the README's pictures of the HTML report (run from the repository root).

    python docs/make_report_images.py

Writes the sample's week-41 report, then through headless Debian Chromium (Playwright,
``/usr/bin/chromium``) a screenshot of its first screen (``docs/img/report_first_page.png``)
and its A4 print (``docs/img/report_print.pdf``), whose first page pdftoppm (Debian's
poppler-utils) renders to ``docs/img/report_print.png``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import deepva_frames as dvf

WEEK = "74b61b47-297e-52aa-9b4e-376fa0da5253"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
IMG = Path(__file__).resolve().parent / "img"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        page_path = dvf.report.html(Path(tmp) / "week41.html", report=WEEK, sample=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1300},
                                    device_scale_factor=1)
            page.goto(page_path.as_uri(), wait_until="load")
            page.screenshot(path=str(IMG / "report_first_page.png"))
            page.pdf(path=str(IMG / "report_print.pdf"), format="A4", print_background=True)
            browser.close()
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                    str(IMG / "report_print.pdf"), str(IMG / "report_print")], check=True)


if __name__ == "__main__":
    main()
