"""The installed `kasuhara-sim` command in a real terminal: tmux at 80×24, keys sent as a trainee would type them,
the screen read back with capture-pane. Home → search → briefing → three replies → result → save → quit."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time

import pytest

TMUX = shutil.which("tmux")
# One worker runs both, one after the other: two terminals typing at once on a loaded 2-core machine lose keys.
pytestmark = [pytest.mark.skipif(TMUX is None, reason="tmux is not installed"), pytest.mark.xdist_group("tmux")]


class Terminal:
    def __init__(self, socket: str, env: dict[str, str]):
        self.socket, self.env = socket, env

    def tmux(self, *args: str) -> str:
        out = subprocess.run([TMUX, "-L", self.socket, "-f", os.devnull, *args], env=self.env,
                             capture_output=True, text=True, timeout=20)
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "trainee")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "trainee", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "trainee", "-l", text)

    def retry_until(self, send, done, every: float = 3.0, timeout: float = 30.0) -> str:
        """Call ``send`` until the screen satisfies ``done``: a key sent before the app reads its input is lost."""
        deadline = time.monotonic() + timeout
        while True:
            send()
            wait_until = min(deadline, time.monotonic() + every)
            while time.monotonic() < wait_until:
                screen = self.screen()
                if done(screen):
                    return screen
                time.sleep(0.1)
            if time.monotonic() >= deadline:
                raise AssertionError(f"the app never took the key; the terminal shows:\n{self.screen()}")

    def search(self, words: str) -> None:
        """Type ``words`` into the library's search box until the list shows that one scenario. On a loaded machine
        keys sent while the app is busy can be lost, as in a real terminal; the trainee types the search again, and
        so does this."""
        def send() -> None:
            self.keys("/")  # to the search box (typed into it, then cleared, if it has the focus already)
            self.keys("C-u")
            self.type(words)

        self.retry_until(send, lambda screen: re.search(r"\s1 / \d+ 本", screen) is not None, every=6, timeout=45)

    def open_briefing(self, words: str, title: str, attempts: int = 3) -> str:
        """Search the library for ``words`` and open the one scenario found; its briefing must show ``title``. On a
        machine loaded enough to lose or delay keys, a wrong briefing is closed and the search made again."""
        for _ in range(attempts):
            self.search(words)
            self.keys("Enter")  # from the search box to the list
            # The footer offers Enter only once the list has the focus (no fixed sleep: CI is loaded).
            shown = self.wait_for("Enter 開始")
            if "あなたの役割" not in shown:  # the library, the list focused
                if not (re.search(r"\s1 / \d+ 本", shown) and title in shown):
                    continue  # not (or no longer) the one scenario under the cursor: search again
                self.keys("Enter")
                shown = self.wait_for("あなたの役割")
            if title in shown:
                return shown
            self.keys("Escape")  # another scenario's briefing: back to the library
            self.wait_for(r"進捗 0 / \d+")
        raise AssertionError(f"{title} could not be opened; the terminal shows:\n{self.screen()}")

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} did not appear; the terminal shows:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def terminal(tmp_path, cli_exe, scenario_dir):
    yield from open_terminal(tmp_path, cli_exe, scenario_dir)


@pytest.fixture
def free_terminal(tmp_path, cli_exe, scenario_dir):
    yield from open_terminal(tmp_path, cli_exe, scenario_dir, "--free")


def open_terminal(tmp_path, cli_exe, scenario_dir, extra: str = ""):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color", "KASUHARA_SIM_HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    work = tmp_path / "work"
    work.mkdir()
    # A socket of its own: a server still shutting down after the previous test must not take this one's session.
    term = Terminal(f"kasuhara-sim-test-{os.getpid()}-{tmp_path.name}", env)
    # The shell line keeps the pane open after the app exits, so that the exit status can be read back.
    command = (f"cd {shlex.quote(str(work))} && {shlex.quote(cli_exe)} --scenarios {shlex.quote(str(scenario_dir))}"
               f" --trainee 山田 --seed 75 {extra}; echo EXIT=$?; sleep 30")  # seed 75 shows this path in the written order
    term.tmux("new-session", "-d", "-s", "trainee", "-x", "80", "-y", "24", command)
    term.work = work
    try:
        yield term
    finally:
        term.tmux("kill-server")


def test_a_whole_scenario_in_a_real_terminal(terminal):
    t = terminal
    home = t.wait_for(r"進捗 0 / \d+")
    assert "kasuhara-sim" in home and "受講者: 山田" in home

    # The footer offers Enter only while the list has the focus: once the filters are built and the list is focused,
    # "/" moves the focus to the search box and Enter leaves the footer. That change proves the app reads keys.
    t.wait_for("Enter 開始")
    t.retry_until(lambda: t.keys("/"), lambda screen: "Enter 開始" not in screen)

    briefing = t.open_briefing("kettle-initial", "初期不良の電気ケトルで激怒するお客様")
    assert "田中様" in briefing

    t.keys("Enter")
    play = t.wait_for("あなたの返答")
    assert "ターン 1" in play and "買ったばかりなのにもう動かない" in play
    t.keys("1")
    t.wait_for("ターン 2")
    t.wait_for("✓ 限定的謝罪 / 心情理解")  # practice mode: feedback right under the reply
    t.keys("1")
    t.wait_for("ターン 3")
    t.keys("1")
    result = t.wait_for("総合 100 点")
    assert "シード 75" in result
    for expected in ("解決", "心情理解", "事実確認", "できること・できないこと", "限定的謝罪", "怒りの推移", "手順の順番"):
        assert expected in result, result
    assert "Traceback" not in result

    t.keys("s")
    t.wait_for("記録を Markdown で保存")
    t.keys("Enter")
    saved = t.wait_for("記録の保存先")
    files = list(t.work.glob("kasuhara-kettle-initial-defect-*.md"))
    assert len(files) == 1, saved
    assert str(files[0]) in re.sub(r"\s", "", saved)  # the screen says where it went (the line may wrap)
    assert "**総合**: 100 点(S)" in files[0].read_text(encoding="utf-8")

    t.keys("C-q")
    end = t.wait_for(r"EXIT=\d+")
    assert "EXIT=0" in end and "Traceback" not in end


def test_free_answers_pasted_in_a_real_terminal(free_terminal):
    """自由回答 with Japanese text arriving as an IME or a paste delivers it: the whole string at once."""
    t = free_terminal
    t.wait_for(r"進捗 0 / \d+")
    t.wait_for("Enter 開始")  # as above: wait until "/" is known to reach the search box
    t.retry_until(lambda: t.keys("/"), lambda screen: "Enter 開始" not in screen)
    assert "自由回答" in t.open_briefing("kettle-initial", "初期不良の電気ケトルで激怒するお客様")
    t.keys("Enter")
    t.wait_for("自由回答")
    t.wait_for("買ったばかりなのにもう動かない")
    t.type("ご不便をおかけして申し訳ございません。お気持ちはよくわかります。")
    t.keys("Enter")
    t.wait_for("ターン 2")
    t.wait_for("として会話が進みます")
    t.type("恐れ入りますが、レシートと本体を拝見してもよろしいでしょうか。")
    t.keys("Enter")
    t.wait_for("ターン 3")
    t.type("7日以内の初期不良ですので新品と交換いたします。返金はお時間をいただきます。")
    t.keys("Enter")
    result = t.wait_for("総合 100 点")
    assert "Traceback" not in result
    t.keys("C-q")
    end = t.wait_for(r"EXIT=\d+")
    assert "EXIT=0" in end and "Traceback" not in end
