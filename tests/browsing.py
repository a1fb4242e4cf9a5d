"""Running the briefing in a real headless Chromium, for the HTML and PDF tests.

The page is measured inside a 375-px iframe of a harness page (headless Chromium will not
make its own window narrower than 500 px): a script in the harness, never in the briefing,
writes what it measured into the DOM that ``--dump-dom`` prints.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from projtrack.printing import find_browser

BROWSER = find_browser()
NO_BROWSER = (
    "no Chromium-family browser (install it: apt-get install -y chromium fonts-noto-cjk; "
    ".ci/run does)"
)

PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="width:%dpx;height:800px;border:0" srcdoc="%s"></iframe>
<script>
function probe() {
  const w = document.getElementById("f").contentWindow, d = w.document, e = d.documentElement;
  const head = d.querySelector("p.headline"), box = head.getBoundingClientRect();
  const style = w.getComputedStyle(head);
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    viewport: e.clientWidth, document: e.scrollWidth, body: d.body.scrollWidth,
    headline: head.innerText, box: [box.left, box.right, box.top, box.width, box.height],
    visible: style.visibility === "visible" && style.display !== "none" && style.opacity !== "0",
    scripts: d.scripts.length, external: [...d.querySelectorAll("[src],[href],link")].length,
  });
  document.body.appendChild(out);
}
const f = document.getElementById("f");
const loaded = f.contentDocument;  // about:blank until the srcdoc page has loaded
if (loaded && loaded.readyState === "complete" && loaded.querySelector("p.headline")) probe();
else f.addEventListener("load", probe);
</script></body></html>"""


def chromium(*args: str, timeout: int = 60) -> subprocess.CompletedProcess[bytes]:
    """Run the browser headless (as root without its sandbox) in a throw-away profile."""
    assert BROWSER is not None
    with tempfile.TemporaryDirectory() as profile:
        argv = [BROWSER, "--headless", "--disable-gpu", "--no-first-run",
                f"--user-data-dir={profile}", *args]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            argv.insert(1, "--no-sandbox")
        return subprocess.run(argv, capture_output=True, timeout=timeout, check=False)


def measure(page: str, folder: Path, width: int = 375) -> dict[str, Any]:
    """Lay ``page`` out ``width`` px wide in the browser and return what the probe saw."""
    harness = folder / "probe.html"
    harness.write_text(PROBE % (width, html.escape(page, quote=True)), encoding="utf-8")
    done = chromium("--dump-dom", harness.as_uri())
    dom = done.stdout.decode("utf-8")
    start = dom.find('<pre id="probe">')
    assert start >= 0, done.stderr.decode("utf-8", "replace")[-2000:]
    text = dom[start + len('<pre id="probe">') : dom.index("</pre>", start)]
    return json.loads(html.unescape(text))
