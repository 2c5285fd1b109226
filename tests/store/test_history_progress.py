"""``history`` and ``play --trainee`` through the installed command, and a trainee's progress (trends, weakest
dimension, suggested next scenario)."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.reports import progress
from kasuhara_sim.store import DB_NAME, Store

from .conftest import KETTLE, play, run_cli, scenario_file


def test_play_records_only_when_a_trainee_is_known(cli_exe, home):
    proc = run_cli(cli_exe, "play", KETTLE, "--choices", "1,1,1")
    assert proc.returncode == 0 and not (home / DB_NAME).exists()  # no name, nothing written anywhere
    assert run_cli(cli_exe, "play", KETTLE, "--choices", "1,2,2,1", "--trainee", "山田 花子").returncode == 0
    assert run_cli(cli_exe, "--trainee", "山田　花子", "play", KETTLE, "--choices", "2", "--mode", "test",
                   "--json").returncode == 0
    with Store.open() as store:
        runs = store.history(details=True, newest_first=False)
    assert [(r.trainee, r.mode, r.total, r.turn_count, r.status) for r in runs] == [
        ("山田 花子", "practice", 65, 4, "finished"), ("山田 花子", "test", 0, 1, "finished")]
    assert [t.pick for t in runs[0].turns] == [1, 2, 2, 1]


def test_history_text_and_json(cli_exe):
    for name, picks in (("山田 花子", "1,1,1"), ("佐藤", "2"), ("山田 花子", "3,1,1")):
        assert run_cli(cli_exe, "play", KETTLE, "--choices", picks, "--trainee", name).returncode == 0
    proc = run_cli(cli_exe, "history", env={"COLUMNS": "120"})
    assert proc.returncode == 0
    assert "3 件(完了 3 / 中断 0 / 未完了 0)" in proc.stdout and "佐藤" in proc.stdout and "悪化・決裂" in proc.stdout
    proc = run_cli(cli_exe, "history", "--trainee", "山田 花子", env={"COLUMNS": "120"})
    assert "山田 花子 さんの記録" in proc.stdout and "佐藤" not in proc.stdout and "2 件" in proc.stdout
    assert "いちばん伸ばしたい観点: 心情理解" in proc.stdout and "次のおすすめ:" in proc.stdout
    for width in ("80", "60"):  # a narrow terminal shortens titles, never the score
        lines = run_cli(cli_exe, "history", env={"COLUMNS": width}).stdout.splitlines()
        row = next(x for x in lines if "佐藤" in x)
        assert row.rstrip().endswith(" 0     D") or row.rstrip().endswith(" 0     D       1"), row
        assert max(cell_len(x) for x in lines) <= int(width), lines  # columns on screen, not characters
    rows = json.loads(run_cli(cli_exe, "history", "--json").stdout)
    assert [(r["trainee"], r["total"]) for r in rows] == [("山田 花子", 40), ("佐藤", 0), ("山田 花子", 100)]
    assert rows[0]["scores"] == {"empathy": 0, "fact_check": 60, "can_cant": 100, "limited_apology": 0}
    assert "turns" not in rows[0]
    rows = json.loads(run_cli(cli_exe, "--trainee", "佐藤", "history", "--json").stdout)
    assert [r["trainee"] for r in rows] == ["佐藤"]
    assert len(json.loads(run_cli(cli_exe, "history", "--json", "--limit", "1").stdout)) == 1


def test_history_before_anything_is_stored(cli_exe, home):
    proc = run_cli(cli_exe, "history")
    assert proc.returncode == 0 and "記録はまだありません" in proc.stdout
    assert json.loads(run_cli(cli_exe, "history", "--json").stdout) == []
    assert not home.exists()  # reading never creates the database


def test_a_bad_trainee_name_is_a_usage_error(cli_exe):
    proc = run_cli(cli_exe, "history", "--trainee", "   ")
    assert proc.returncode == 2 and "受講者の名前" in proc.stderr


# --- progress ------------------------------------------------------------------------------------------------------
@pytest.fixture
def library(tmp_path):
    d = tmp_path / "library"
    return [load_scenario(scenario_file(d, "a-basic")),
            load_scenario(scenario_file(d, "b-firm", level="intermediate",
                                        expects=["empathy", "fact_check", "can_cant", "limited_apology",
                                                 "firm_response"])),
            load_scenario(scenario_file(d, "c-manager", level="manager"))]


def test_a_new_trainee_is_pointed_at_the_easiest_scenario(library):
    p = progress.compute("新人", [], library)
    assert p.weakest is None and p.trends == {}
    assert p.suggestion.scenario_id == "a-basic" and "新人向け" in p.suggestion.reason
    assert (p.tried, p.total_scenarios, p.finished_runs, p.mastered) == (0, 3, 0, 0)


def test_trends_are_oldest_first_per_dimension(library):
    a = library[0]
    with Store.open() as store:
        play(store, "t", a, [3, 1, 1], times=["2025-01-01T00:00:00.000Z"])  # empathy 0
        play(store, "t", a, [1, 1, 1], times=["2025-01-02T00:00:00.000Z"])  # all 100
        play(store, "t", a, [1, 2, 2, 1], times=["2025-01-03T00:00:00.000Z"])  # can_cant 60
        play(store, "t", a, [1], times=["2025-01-04T00:00:00.000Z"])  # abandoned: not in the trend
        p = progress.load(store, "t", library)
    assert p.trends == {"empathy": [0, 100, 100], "fact_check": [60, 100, 100], "can_cant": [100, 100, 60],
                        "limited_apology": [0, 100, 100]}
    assert [r.started_at[:10] for r in p.runs] == ["2025-01-04", "2025-01-03", "2025-01-02", "2025-01-01"]
    assert p.label("can_cant") == "できること・できないこと"
    # recent means: empathy 66.7, fact_check 86.7, can_cant 86.7, limited_apology 66.7 -> empathy (order breaks ties)
    assert p.weakest == "empathy" and p.weakest_mean == pytest.approx(200 / 3)
    assert p.best == {"a-basic": 100} and p.mastered == 1 and p.tried == 1 and p.finished_runs == 3


def test_the_weakest_dimension_looks_at_recent_runs_only(library):
    a = library[0]
    with Store.open() as store:
        play(store, "t", a, [3, 1, 1])  # empathy 0 once, long ago
        for _ in range(progress.RECENT):
            play(store, "t", a, [1, 2, 2, 1])  # then can_cant 60 every time
        p = progress.load(store, "t", library)
    assert p.weakest == "can_cant"


def test_the_suggestion_practises_the_weakest_dimension(library):
    a, b, c = library
    with Store.open() as store:
        play(store, "t", a, [1, 1, 1])
        p = progress.load(store, "t", library)
        assert p.weakest is None  # all full marks: nothing to name
        assert p.suggestion.scenario_id == "b-firm" and "まだ挑戦していない" in p.suggestion.reason
        play(store, "t", b, [1, 1, 1])  # firm_response never performed -> 0
        p = progress.load(store, "t", library)
        assert p.weakest == "firm_response"
        # only b-firm scores firm_response: tried, best 80 is mastered, so the next untried one is offered
        assert p.suggestion.scenario_id == "c-manager"
        play(store, "t", c, [3, 1, 1])  # 40
        p = progress.load(store, "t", library)
        assert p.weakest == "firm_response"
        # every firm_response scenario is mastered and all are tried: the lowest best elsewhere, said as it is
        assert p.suggestion.scenario_id == "c-manager" and "40 点" in p.suggestion.reason
        play(store, "t", c, [1, 1, 1])
        p = progress.load(store, "t", library)
        assert p.suggestion.scenario_id == "b-firm" and "すべて 80 点以上" in p.suggestion.reason


def test_a_weak_dimension_with_a_scenario_to_retry(library):
    a = library[0]
    with Store.open() as store:
        play(store, "t", a, [3, 1, 1])  # 40: empathy 0
        play(store, "t", library[1], [3, 1, 1])
        play(store, "t", library[2], [3, 1, 1])
        p = progress.load(store, "t", library)
    assert p.weakest == "empathy"  # ties with limited_apology and firm_response at 0: the procedure's order
    # all three score empathy and all are tried: the lowest best (b-firm also lost firm_response: 32)
    assert p.suggestion.scenario_id == "b-firm" and "32 点" in p.suggestion.reason
