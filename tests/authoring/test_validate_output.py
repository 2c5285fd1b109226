"""What ``validate`` prints: capped repeats, the best and worst paths with their nodes, scenarios named by id, and a
search cut short said plainly (never a crash)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kasuhara_sim.analysis.lint import lint
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring.search import Analysis

from .helpers import scenario, write

CASES = Path(__file__).parents[2] / "benchmarks" / "cases"
DATA = Path(__file__).parents[1] / "data"


def test_a_hundred_thousand_identical_errors_print_twenty_and_a_count(invoke):
    proc = invoke("validate", CASES / "load_slow_100k_list.yaml")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) < 40  # 11 other problems, 20 of the repeated one, one count, the summary
    assert sum("[type]" in x for x in lines) == 21  # 20 shown, then one line for the rest
    more = next(x for x in lines if "ほか" in x)
    assert "ほか 99980 件" in more and more.endswith("[type]")
    assert "エラー 100011 件" in lines[-1]  # the count stays true


def test_the_json_keeps_every_problem(invoke):
    out = json.loads(invoke("validate", "--json", CASES / "load_slow_100k_list.yaml").stdout)
    assert out["errors"] == len(out["diagnostics"]) == 100_011


def test_the_text_output_shows_the_best_and_worst_paths_with_their_nodes(invoke):
    proc = invoke("validate", DATA / "kettle.yaml")
    assert "  最高 100 点の道筋: 返答 1,1,1(opening → details → offer → resolved)" in proc.stdout
    assert "  最低 0 点の道筋: 返答 2(opening → blowup)" in proc.stdout


def test_scenarios_are_accepted_by_id_like_play_and_graph(invoke, tmp_path):
    # A built-in id, and an id that is also the name of a command.
    proc = invoke("validate", "bank-counter-written-communication")
    assert proc.returncode == 0 and "bank-counter-written-communication — 最高" in proc.stdout
    folder = tmp_path / "mine"
    folder.mkdir()
    write(folder, scenario(id="graph"))
    proc = invoke("validate", "--scenarios", folder, "graph")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{folder / 'graph.yaml'}: graph — 最高 100 点" in proc.stdout
    proc = invoke("validate", "no-such-scenario")
    assert proc.returncode == 1 and "シナリオ ID「no-such-scenario」も見つかりません" in proc.stdout


def test_a_worst_total_not_found_in_time_does_not_crash_the_lint(tmp_path):
    path = tmp_path / "flags.yaml"
    shutil.copy(CASES / "validate_slow_flags.yaml", path)
    loaded = load_scenario(path)
    cut = Analysis(loaded.id, 72, [1] * 13, "resolved", None, [], None, 10, True, True)
    diags = lint(loaded, analysis=cut, budget=100)
    assert any(d.code == "analysis-bound" for d in diags)


def test_a_search_cut_short_is_said_in_text_and_json(invoke, tmp_path):
    # Under any clock, 400,000 states are never explored in this file: the budget (of time or states) is hit.
    # (The attack file borrows a built-in id, which validate reports as a clash: give the copy its own.)
    case = tmp_path / "slow-flags.yaml"
    case.write_text((CASES / "validate_slow_flags.yaml").read_text(encoding="utf-8").replace(
        "care-home-come-apologise-now", "slow-flags-case"), encoding="utf-8")
    proc = invoke("validate", case)
    assert proc.returncode == 0 and "探索を途中で打ち切りました" in proc.stdout, proc.stdout[-500:]
    out = json.loads(invoke("validate", "--json", case).stdout)
    assert out["scenarios"][0]["bound_hit"] is True
    assert any(d["code"] == "analysis-bound" for d in out["diagnostics"])
