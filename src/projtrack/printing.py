"""Print an HTML page to PDF with a headless Chromium-family browser found on the machine.

A maintained engine does the typesetting (CSS paged media: A4, ``@page`` page numbers,
CJK fonts embedded as subsets); projtrack only finds it and runs it. Looked for, in
order: ``$PROJTRACK_BROWSER``, then chromium, google-chrome and Microsoft Edge on the
PATH, then the usual install folders on Windows and macOS. No engine → a usage error
(exit 2) saying what to install; never a broken file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from projtrack.errors import UsageError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
            "microsoft-edge", "microsoft-edge-stable", "msedge")  # fmt: skip
WINDOWS_PATHS = (
    r"Microsoft\Edge\Application\msedge.exe",
    r"Google\Chrome\Application\chrome.exe",
)
MAC_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
INSTALL_HINT = (
    "no browser to print the PDF with: install Chromium and CJK fonts "
    "(Debian/Ubuntu: sudo apt-get install -y chromium fonts-noto-cjk), or on Windows use "
    "Microsoft Edge (installed with Windows 10/11); or set PROJTRACK_BROWSER to the "
    "browser's path. --format html writes the same page without a browser."
)
TIMEOUT = 120  # seconds; a briefing prints in one or two


def find_browser() -> str | None:
    """The path of a Chromium-family browser, or None."""
    chosen = os.environ.get("PROJTRACK_BROWSER")
    if chosen:
        return chosen if Path(chosen).is_file() or shutil.which(chosen) else None
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    roots = [os.environ.get(v, "") for v in ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA")]
    candidates = (
        [Path(r) / p for r in roots if r for p in WINDOWS_PATHS] if sys.platform == "win32" else []
    )
    if sys.platform == "darwin":
        candidates = [Path(p) for p in MAC_PATHS]
    return next((str(p) for p in candidates if p.is_file()), None)


def require_browser() -> str:
    """The browser, or a usage error (exit 2) naming what to install."""
    browser = find_browser()
    if browser is None:
        raise UsageError(INSTALL_HINT)
    return browser


def html_to_pdf(html: str, *, browser: str | None = None) -> bytes:
    """The bytes of ``html`` printed to PDF (A4 and margins come from the page's CSS)."""
    exe = browser or require_browser()
    with tempfile.TemporaryDirectory(prefix="projtrack-pdf-") as tmp:
        folder = Path(tmp)
        page, out = folder / "brief.html", folder / "brief.pdf"
        page.write_text(html, encoding="utf-8")
        args = [exe, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                f"--user-data-dir={folder / 'profile'}",
                "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UsageError(f"{exe}: could not print the PDF: {exc}") from None
        data = out.read_bytes() if out.is_file() else b""
        if done.returncode != 0 or not data.startswith(b"%PDF"):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise UsageError(f"{exe}: printing the PDF failed (exit {done.returncode}): "
                             + " / ".join(tail))  # fmt: skip
        return data
