"""CSV and JSON exports, and the instructor's workshop report (numbers, text, CSV and HTML)."""

from __future__ import annotations

import csv
import io
import json
import re
import statistics

import pytest

from kasuhara_sim.reports import workshop
from kasuhara_sim.reports.export import RUN_COLUMNS, runs_csv, runs_json, write_output
from kasuhara_sim.reports.workshop_html import render_html
from kasuhara_sim.store import Store

from .conftest import KETTLE, play, run_cli


def ts(minute: int) -> str:
    return f"2025-03-01T09:{minute:02d}:00.000Z"


@pytest.fixture
def workshop_runs(kettle):
    """A: escalates first, then a perfect run; B: a rash promise (65 under rubric v2); C: fact check first (40);
    D: the same rash promise, then leaves."""
    with Store.open() as store:
        play(store, "A", kettle, [2], times=[ts(0), ts(1), ts(2)])
        play(store, "A", kettle, [1, 1, 1], times=[ts(10), ts(11), ts(12), ts(13), ts(14)])
        play(store, "B", kettle, [1, 2, 2, 1], times=[ts(3), ts(4), ts(5), ts(6), ts(7), ts(8)])
        play(store, "C", kettle, [3, 1, 1], times=[ts(4), ts(5), ts(6), ts(7), ts(8)])
        play(store, "D", kettle, [1, 2], times=[ts(5), ts(6), ts(7), ts(8)])
        return store.history(details=True, newest_first=False)


def test_scenario_statistics_across_trainees(workshop_runs):
    rep = workshop.build(workshop_runs, basis="best")
    assert (rep.runs, rep.finished, rep.abandoned, rep.in_progress) == (5, 4, 1, 0)
    assert [t.name for t in rep.trainees] == ["A", "B", "C", "D"]
    [s] = rep.scenarios
    assert (s.trainees, s.attempts, s.finished, s.abandoned) == (4, 5, 4, 1)
    assert s.points == [40, 65, 100]  # one value per trainee who finished: A's best, B, C
    assert s.total.mean == pytest.approx(205 / 3)
    assert s.total.sd == pytest.approx(statistics.pstdev([100, 65, 40]))
    assert (s.total.low, s.total.high) == (40, 100)
    # Success and endings count every finished run (A's escalation too), not each trainee's best only.
    assert s.success_rate == 0.75 and s.outcomes == {"resolved": 3, "escalated": 1}
    assert s.dims["can_cant"].mean == pytest.approx((100 + 60 + 100) / 3)


@pytest.mark.parametrize("basis, a_total", [("best", 100), ("first", 0), ("latest", 100)])
def test_the_basis_picks_one_run_per_trainee(workshop_runs, basis, a_total):
    rep = workshop.build(workshop_runs, basis=basis)
    assert rep.scenarios[0].points == sorted([a_total, 65, 40])
    assert rep.trainees[0].mean_total == a_total


def test_dimensions_and_the_weakest_step(workshop_runs):
    rep = workshop.build(workshop_runs)
    dims = {d.dimension: d for d in rep.dimensions}
    assert list(dims) == ["empathy", "fact_check", "can_cant", "limited_apology"]
    assert dims["empathy"].stat.mean == pytest.approx(200 / 3)
    assert dims["fact_check"].stat.mean == pytest.approx(260 / 3)
    assert dims["fact_check"].out_of_order == pytest.approx(1 / 3)  # C checked facts before any empathy
    assert dims["empathy"].missed == pytest.approx(1 / 3)
    assert dims["can_cant"].penalised == pytest.approx(1 / 3)  # B's rash promise
    # empathy and limited_apology tie at 66.7: the procedure's order decides
    assert rep.weakest.dimension == "empathy"
    assert rep.trainees[2].weakest == "心情理解"  # C
    assert rep.trainees[0].weakest is None  # A's best run is perfect: nothing to name


def test_the_mistakes_and_the_replies_behind_them(workshop_runs, kettle):
    rep = workshop.build(workshop_runs)
    ng = {n.tag: n for n in rep.ng}
    assert set(ng) == {"rash_promise", "argue", "premature_label"}
    assert rep.ng[0].tag == "rash_promise"  # the most common first
    assert (ng["rash_promise"].count, ng["rash_promise"].trainees) == (2, 2)  # B finished, D abandoned: both count
    [reply] = ng["rash_promise"].replies
    assert reply.text == kettle.scenario.nodes["details"].choices[1].text and reply.count == 2
    assert ng["argue"].replies[0].text == kettle.scenario.nodes["opening"].choices[1].text


def test_an_empty_report(home):
    rep = workshop.build([])
    assert rep.weakest is None and rep.scenarios == [] and rep.ng == []
    assert "対象の記録がありません" in workshop.render_text(rep)
    assert "対象の記録がありません" in render_html(rep)


def test_text_report(workshop_runs):
    text = workshop.render_text(workshop.build(workshop_runs))
    for expected in ("研修結果レポート", "受講者 4 名 / 演習 5 回", "グループのいちばん弱い手順", "心情理解: 平均 66.7 点",
                     "安易な約束", "2 回: 「すぐに新品と交換します。", "68.3", "±24.6"):
        assert expected in text, expected


def test_csv_report_is_one_tidy_table(workshop_runs):
    rows = list(csv.DictReader(io.StringIO(workshop.render_csv(workshop.build(workshop_runs)))))
    kinds = {r["kind"] for r in rows}
    assert {"scenario_total", "scenario_dimension", "dimension", "weakest_dimension", "ng_tag", "ng_reply",
            "trainee"} <= kinds
    total = next(r for r in rows if r["kind"] == "scenario_total")
    assert (total["scenario_id"], total["trainees"], total["mean"], total["min"], total["max"]) == \
        ("kettle-initial-defect", "3", "68.33", "40", "100")
    assert next(r for r in rows if r["kind"] == "weakest_dimension")["dimension"] == "empathy"


def test_html_report_is_self_contained_and_printable(workshop_runs):
    page = render_html(workshop.build(workshop_runs))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ja">' in page
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=|url\(|@import|https?://""", page)  # nothing fetched
    assert "@media print" in page and "break-inside: avoid" in page and "print-color-adjust: exact" in page
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(svgs) >= 3 + 4 + 3  # axes, one dot row per scenario, one bar per dimension, one per mistake
    assert page.count("<circle") == 3  # one dot per trainee with a finished run
    assert 'aria-label="心情理解: 66.7' in page  # every chart says its numbers in words too
    assert "安易な約束" in page and "すぐに新品と交換します" in page


def test_html_escapes_what_instructors_wrote(kettle, tmp_path):
    from .conftest import scenario_file
    from kasuhara_sim.format.loader import load_scenario

    odd = load_scenario(scenario_file(tmp_path / "sc", "odd-title", title="<b>太字</b> & 「引用」"))
    with Store.open() as store:
        play(store, "<script>alert(1)</script>", odd, [1, 1, 1])
        runs = store.history(details=True)
    page = render_html(workshop.build(runs))
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;太字&lt;/b&gt; &amp;" in page


def test_runs_csv(workshop_runs):
    rows = list(csv.reader(io.StringIO(runs_csv(workshop_runs))))
    assert tuple(rows[0][:len(RUN_COLUMNS)]) == RUN_COLUMNS
    assert rows[0][len(RUN_COLUMNS):] == ["score_empathy", "score_fact_check", "score_can_cant",
                                          "score_limited_apology"]
    assert len(rows) == 1 + 5
    b = next(r for r in rows[1:] if r[1] == "B")
    rec = dict(zip(rows[0], b))
    assert (rec["total"], rec["grade"], rec["passed"], rec["score_can_cant"], rec["turns"]) == ("65", "C", "true",
                                                                                                 "60", "4")
    assert rec["duration_seconds"] == "300.00"


def test_runs_json_has_everything(workshop_runs):
    data = json.loads(runs_json(workshop_runs, [], {"since": "x"}))
    assert data["format"] == "kasuhara-sim.results" and data["version"] == 1 and data["filters"] == {"since": "x"}
    assert len(data["runs"]) == 5
    b = next(r for r in data["runs"] if r["trainee"] == "B")
    assert b["scores"]["can_cant"] == 60 and len(b["turns"]) == 4 and b["turns"][1]["ng"] == ["rash_promise"]


def test_output_files_are_replaced_whole(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_output(target, "a,b\r\n", bom=True, force=True)
    assert target.read_bytes() == "\ufeffa,b\r\n".encode("utf-8")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind


def test_export_and_report_through_the_command(cli_exe, home, tmp_path):
    for name, picks in (("A", "1,1,1"), ("B", "1,2,2,1"), ("C", "2")):
        assert run_cli(cli_exe, "--trainee", name, "play", KETTLE, "--choices", picks).returncode == 0
    proc = run_cli(cli_exe, "export", "--format", "csv")
    assert proc.returncode == 0 and not proc.stdout.startswith("\ufeff") and len(proc.stdout.splitlines()) == 4
    out = tmp_path / "runs.csv"
    proc = run_cli(cli_exe, "export", "--format", "csv", "-o", out, "--trainee", "B")
    assert proc.returncode == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 2
    proc = run_cli(cli_exe, "export", "--format", "json")
    assert {r["trainee"] for r in json.loads(proc.stdout)["runs"]} == {"A", "B", "C"}
    for fmt, marker in (("text", "研修結果レポート"), ("csv", "kind,scenario_id"), ("html", "<svg")):
        proc = run_cli(cli_exe, "report", "--format", fmt)
        assert proc.returncode == 0 and marker in proc.stdout, fmt
    page = tmp_path / "report.html"
    assert run_cli(cli_exe, "report", "--format", "html", "-o", page).returncode == 0
    assert "受講者 3 名" in page.read_text(encoding="utf-8")
    proc = run_cli(cli_exe, "report", "--since", "2999-01-01")
    assert proc.returncode == 0 and "対象の記録がありません" in proc.stdout


def test_an_unwritable_output_file_is_one_clear_line(cli_exe, tmp_path):
    proc = run_cli(cli_exe, "report", "-o", tmp_path / "no" / "such" / "dir" / "r.txt")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "書き込めませんでした" in lines[0] and "Traceback" not in proc.stderr


def test_since_accepts_dates_and_today_and_refuses_the_rest(cli_exe):
    assert run_cli(cli_exe, "report", "--since", "today").returncode == 0
    assert run_cli(cli_exe, "history", "--since", "2025-01-31T13:00").returncode == 0
    proc = run_cli(cli_exe, "export", "--format", "csv", "--since", "yesterday-ish")
    assert proc.returncode == 2 and "--since" in proc.stderr
    assert workshop.since_bound("2025-01-31T00:00:00+09:00") == "2025-01-30T15:00:00.000Z"


def _quiz_rounds():
    from kasuhara_sim.format.quiz import Question

    easy = Question(id="q-easy", topic="定義", statement="カスハラには暴言も含まれる。", answer=True, explanation="…")
    hard = Question(id="q-hard", topic="対応", statement="まず全面的に謝るのがよい。", answer=False, explanation="…")
    with Store.open() as store:
        for name, answers in (("A", (True, True)), ("B", (True, True)), ("C", (False, False))):
            qid = store.start_quiz(name, 2)
            store.record_answer(qid, 1, easy, answers[0])
            store.record_answer(qid, 2, hard, answers[1])
            store.finish_quiz(qid)
        store.start_quiz("D", 2)  # drawn but never answered: not a round
        return store.quizzes()


def test_the_quiz_section_names_the_statements_most_got_wrong(home):
    rep = workshop.build([], quizzes=_quiz_rounds())
    assert (rep.quiz.rounds, rep.quiz.trainees) == (3, 3)
    assert rep.quiz.mean_rate == pytest.approx((0.5 + 0.5 + 0.5) / 3)
    hard, easy = rep.quiz.questions
    assert (hard.question_id, hard.correct, hard.answered, hard.trainees) == ("q-hard", 1, 3, 3)
    assert (easy.question_id, easy.rate) == ("q-easy", pytest.approx(2 / 3))
    text = workshop.render_text(rep)
    assert "33%(1/3) [対応] まず全面的に謝るのがよい。" in text and "平均正答率 50%" in text
    assert text.index("まず全面的に") < text.index("カスハラには暴言")  # the hardest first
    page = render_html(rep)
    assert "○×クイズ" in page and 'aria-label="33%"' in page and "1/3" in page
    assert page.index("まず全面的に") < page.index("カスハラには暴言")
    rows = [r for r in csv.DictReader(io.StringIO(workshop.render_csv(rep))) if r["kind"] == "quiz_question"]
    assert [(r["question_id"], r["count"], r["runs"], r["share"]) for r in rows] == [
        ("q-hard", "1", "3", "0.333"), ("q-easy", "2", "3", "0.667")]


def test_no_quiz_no_quiz_section(workshop_runs):
    rep = workshop.build(workshop_runs)
    assert rep.quiz is None and "○×クイズ" not in workshop.render_text(rep) and "○×クイズ" not in render_html(rep)
