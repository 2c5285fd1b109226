"""The workshop in a real browser: headless Chromium from the OS packages, driven by Playwright for Python.

The server runs as the instructor starts it (``python -m kasuhara_sim serve``); the page is opened, the name typed,
the Japanese library seen, a scenario played by keys to its result, and the run then appears in the live view.
The terminal is drawn on a canvas, so what the trainee sees is read from the frames the server sends (ANSI text).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium); "
                                                "Playwright's own browsers are never downloaded"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra) is not installed")
pytest.importorskip("textual_serve", reason="textual-serve (the serve extra) is not installed")

REPO = Path(__file__).resolve().parents[2]
KETTLE = REPO / "tests" / "data" / "kettle.yaml"
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b.", re.S)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    shutil.copy(KETTLE, scenarios / "kettle.yaml")
    port = free_port()
    env = dict(os.environ, KASUHARA_SIM_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO),
               XDG_DATA_HOME=str(tmp_path / "data"), LANG="C.UTF-8")
    env.pop("KASUHARA_SIM_SESSION", None)
    proc = subprocess.Popen([sys.executable, "-m", "kasuhara_sim", "--scenarios", str(scenarios), "serve", "--port",
                             str(port), "--session", "午前の部"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(proc.stdout.read())
            time.sleep(0.2)
    try:
        yield url, tmp_path / "home"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


class Screen:
    """What the trainer sent to this tab, escape codes removed."""

    def __init__(self, page):
        self.page = page
        self.frames: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))

    def text(self, since: int = 0) -> str:
        return ANSI.sub("", "".join(self.frames[since:]))

    def wait_for(self, pattern: str, since: int = 0, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.text(since)
            if re.search(pattern, text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} did not appear; the tab last showed:\n{text[-2000:]}")
            self.page.wait_for_timeout(200)  # Playwright delivers the frames only while it is called


def test_a_trainee_plays_in_the_browser_and_the_instructor_sees_it(served):
    url, home = served
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            screen = Screen(page)
            page.goto(url)
            screen.wait_for("例: 山田 花子")  # the name is asked in the tab
            page.click("#terminal")
            page.keyboard.type("山田 花子")
            page.keyboard.press("Enter")
            screen.wait_for("受講者: 山田 花子")
            library = screen.wait_for("電気ケトル")  # the Japanese library, read after the first frame

            page.keyboard.press("Enter")  # the highlighted scenario, whichever it is
            screen.wait_for("あなたの役割")
            mark = len(screen.frames)
            page.keyboard.press("Enter")
            screen.wait_for("あなたの返答", since=mark)
            # The replies are shuffled per run: answer "1" until the run ends, whatever it leads to.
            for _ in range(12):
                mark = len(screen.frames)
                page.keyboard.press("1")
                page.wait_for_timeout(700)
                if re.search(r"総合\s*\d+\s*点", screen.text(mark)):
                    break
            result = screen.wait_for(r"総合\s*\d+\s*点", since=mark)
            assert "Traceback" not in result and library

            view = browser.new_page(viewport={"width": 1280, "height": 800})
            view.goto(url + "instructor")
            row = view.locator("#finished tr", has_text="山田 花子")
            row.wait_for(timeout=30000)
            shown = row.inner_text()
            assert "研修回 午前の部" in view.title()
        finally:
            browser.close()

    from kasuhara_sim.store import Store

    with Store.open(home, readonly=True) as store:
        [run] = store.history()
    assert (run.trainee, run.session, run.status) == ("山田 花子", "午前の部", "finished")
    assert run.scenario_title in shown and f"{run.total} {run.grade}" in shown
