"""``play --plain --timed``: when no reply comes in the scenario's seconds, the customer presses (the anger rises)
and the trainee is asked again; the result shows the press. Input goes through a real pipe, sent only once the press
has been read, so the test waits on what the program says, not on a duration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from kasuhara_sim.cli.root import cli

ROOT = Path(__file__).parents[2]
KETTLE = ROOT / "tests" / "data" / "kettle.yaml"


def _timed_kettle(tmp_path) -> Path:
    data = yaml.safe_load(KETTLE.read_text(encoding="utf-8"))
    data["timing"] = {"seconds": 3, "anger": 15, "press": "「まだですか？ 聞いてます？」"}
    path = tmp_path / "kettle-timed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_silence_makes_the_customer_press_and_the_trainee_is_asked_again(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kasuhara_sim", "play", str(_timed_kettle(tmp_path)), "--plain",
                             "--timed", "--mode", "test", "--seed", "75"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    try:
        proc.stdin.write("\n")  # start; then say nothing until the customer presses
        proc.stdin.flush()
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if "まだですか" in line:
                break
        else:
            raise AssertionError("".join(seen) + proc.stderr.read())
        proc.stdin.write("1\n1\n1\n")  # seed 75 shows the kettle's replies in the written order: the best path
        proc.stdin.close()
        rest = proc.stdout.read()
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    finally:
        proc.kill()
    text = "".join(seen) + rest
    assert "時間制限あり" in text
    assert "田中様 「まだですか？ 聞いてます？」" in "".join(seen)
    assert "怒り 70/100" not in text and "怒り 85/100" not in text  # 本番: no anger figure while playing
    assert "待たされたお客様: 「まだですか？ 聞いてます？」(怒り 70 → 85)" in rest  # the result shows the press
    assert "時間制限: あり(返答まで 3 秒)" in rest


def test_without_timed_nothing_presses(tmp_path):
    out = CliRunner().invoke(cli, ["play", str(_timed_kettle(tmp_path)), "--plain", "--seed", "1"],
                             input="\n1\n1\n1\n1\n")
    assert out.exit_code == 0, out.output
    assert "まだですか" not in out.output and "時間制限" not in out.output


def test_timed_with_choices_is_refused(tmp_path):
    out = CliRunner().invoke(cli, ["play", str(KETTLE), "--timed", "--choices", "1,1,1"])
    assert out.exit_code != 0 and "--timed と --choices" in out.output
