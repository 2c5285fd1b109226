"""Deep lint: every finding, its severity, its code and the YAML position it points at."""

from __future__ import annotations

import json

import pytest

from kasuhara_sim.analysis.lint import lint
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring import load_rubric
from kasuhara_sim.scoring.search import analyse

from .helpers import scenario, write


def findings(tmp_path, data, **kw):
    path = write(tmp_path, data)
    return path, lint(load_scenario(path), **kw)


def line_of(path, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line containing ``needle`` (positions are checked against the file itself)."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(hits) >= nth, needle
    return hits[nth - 1]


def only(diags, code):
    found = [d for d in diags if d.code == code]
    assert found, f"no [{code}] in {[d.format() for d in diags]}"
    return found


def turn(*choices, say="「…」") -> dict:
    return {"say": say, "choices": [dict(c) for c in choices]}


def reply(text, **kw) -> dict:
    return {"text": text, "feedback": "講評", **kw}


def test_the_base_scenario_is_clean(tmp_path):
    _, diags = findings(tmp_path, scenario())
    assert diags == []


# --- errors ---------------------------------------------------------------------------------------------
def test_loop_with_no_exit_is_a_trap_reported_once_at_the_loop(tmp_path):
    data = scenario()
    data["nodes"]["open"]["choices"][0]["next"] = "circle_a"
    data["nodes"]["circle_a"] = turn(reply("「はい」", steps=["empathy"], next="circle_b"),
                                     reply("「ええ」", steps=["fact_check"], next="circle_b"))
    data["nodes"]["circle_b"] = turn(reply("「それで」", steps=["empathy"], next="circle_a"),
                                     reply("「つまり」", steps=["can_cant"], next="circle_a"))
    path, diags = findings(tmp_path, data)
    traps = only(diags, "trap")
    assert len(traps) == 1
    t = traps[0]
    assert t.severity == "error" and (t.line, t.col) == (line_of(path, "circle_a:"), 3)
    assert "「circle_a」・「circle_b」" in t.message and "返答 1" in t.message
    # The turn that leads into the loop is not reported as well: it still has a way out, and the fix is the loop.
    assert all(d.line != line_of(path, "  open:") for d in traps)


def test_a_turn_that_only_loops_on_itself_is_a_trap(tmp_path):
    data = scenario()
    data["nodes"]["ask"]["choices"][1]["next"] = "stuck"
    data["nodes"]["stuck"] = turn(reply("「少々お待ちください」", steps=["empathy"], anger=10, next="stuck"),
                                  reply("「確認します」", steps=["fact_check"], anger=10, next="stuck"))
    path, diags = findings(tmp_path, data)
    t = only(diags, "trap")[0]
    assert t.line == line_of(path, "stuck:") and "「stuck」から抜け出せません" in t.message
    assert "返答 1,2" in t.message  # the shortest way in: open reply 1, ask reply 2


def test_if_filters_that_leave_no_reply(tmp_path):
    data = scenario()
    offer = data["nodes"]["offer"]["choices"]
    offer[1]["if"] = {"anger_at_least": 90}
    del offer[2]  # nothing left for a customer below 90 who never showed the receipt
    path, diags = findings(tmp_path, data)
    d = only(diags, "no-visible-reply")[0]
    assert d.severity == "error" and d.line == line_of(path, "  offer:")
    assert "返答 1,2" in d.message and "怒り 70" in d.message and "「offer」" in d.message
    assert not [x for x in diags if x.code == "trap"]  # the dead end is the root cause, not a loop


def test_one_visible_reply_is_a_warning(tmp_path):
    data = scenario()
    del data["nodes"]["offer"]["choices"][2]
    path, diags = findings(tmp_path, data)
    d = only(diags, "one-visible-reply")[0]
    assert d.severity == "warning" and d.line == line_of(path, "  offer:") and "返答 1,2" in d.message
    assert "「offer」" in d.message


def test_reply_condition_that_never_holds_in_any_reachable_situation(tmp_path):
    data = scenario()
    data["nodes"]["ask"]["choices"].append(reply("「お怒りはごもっともです」", steps=["empathy"],
                                                 next="offer", **{"if": {"anger_at_least": 90}}))
    path, diags = findings(tmp_path, data)
    d = only(diags, "never-holds")[0]
    assert d.severity == "error" and d.line == line_of(path, "anger_at_least: 90") - 1
    assert "このターンでの怒りはいつも 60" in d.message


def test_route_condition_that_never_holds(tmp_path):
    data = scenario()
    data["nodes"]["offer"]["choices"][1]["next"][0]["if"] = {"anger_below": 20}
    path, diags = findings(tmp_path, data)
    d = only(diags, "never-holds")[0]
    assert d.line == line_of(path, "anger_below: 20") - 1 and "このルート" in d.message
    assert "返答の後の怒りは 75〜90" in d.message


@pytest.mark.parametrize("cond, needle, text", [
    ({"anger_at_least": 60, "anger_below": 50}, None, "60 以上かつ 50 未満"),
    ({"anger_below": 0}, "anger_below: 0", "0 未満"),
    ({"flags": ["saw_receipt"], "not_flags": ["saw_receipt"]}, None, "立っていて、かつ立っていない"),
    ({"flags": ["saw_reciept"]}, "saw_reciept", "「saw_receipt」の誤りではありませんか"),
])
def test_conditions_impossible_on_their_own(tmp_path, cond, needle, text):
    data = scenario()
    data["nodes"]["ask"]["choices"].append(reply("「念のため確認します」", steps=["fact_check"], next="offer", **{"if": cond}))
    path, diags = findings(tmp_path, data)
    errors = only(diags, "never-holds")
    assert len(errors) == 1, [e.format() for e in errors]  # not reported a second time from the situations
    d = errors[0]
    assert text in d.message
    if needle:
        assert d.line == line_of(path, needle) or d.line == line_of(path, "- " + needle)


def test_route_after_a_route_without_if(tmp_path):
    data = scenario()
    data["nodes"]["offer"]["choices"][1]["next"] = [{"to": "done"}, {"if": {"anger_at_least": 80}, "to": "blowup"},
                                                    {"to": "done"}]
    path, diags = findings(tmp_path, data)
    d = only(diags, "route-shadowed")[0]
    assert d.severity == "error" and d.line == line_of(path, "- to: done") and "「done」" in d.message


# --- warnings -----------------------------------------------------------------------------------------
def test_route_that_holds_but_is_always_preceded(tmp_path):
    data = scenario()
    data["nodes"]["offer"]["choices"][1]["next"] = [
        {"if": {"anger_at_least": 50}, "to": "blowup"}, {"if": {"anger_at_least": 80}, "to": "done"}, {"to": "done"}]
    path, diags = findings(tmp_path, data)
    d = only(diags, "route-never-taken")[0]
    assert d.severity == "warning" and d.line == line_of(path, "anger_at_least: 80") - 1


def test_unreachable_nodes_and_endings(tmp_path):
    data = scenario()
    data["nodes"]["orphan"] = turn(reply("「はい」", steps=["empathy"], next="done"),
                                   reply("「いいえ」", ng=["argue"], next="lost_ending"))
    data["nodes"]["lost_ending"] = {"ending": "police", "debrief": "講評"}
    # Written as a target, but only behind a reply that is never shown.
    data["nodes"]["ask"]["choices"].append(reply("「上の者に代わります」", steps=["escalate"], next="boss",
                                                 **{"if": {"anger_at_least": 95}}))
    data["nodes"]["boss"] = {"ending": "handed_over", "debrief": "講評"}
    data["nodes"]["hidden"] = turn(reply("「はい」", steps=["empathy"], next="done"),
                                   reply("「いいえ」", ng=["argue"], next="done"))
    data["nodes"]["offer"]["choices"][1]["next"][0]["to"] = "blowup"
    data["nodes"]["offer"]["choices"].append(reply("「別室へどうぞ」", steps=["record"], next="hidden",
                                                   **{"if": {"flags": ["saw_receipt"], "anger_below": 10}}))
    path, diags = findings(tmp_path, data)
    by_line = {d.line: d for d in diags if d.code in ("unreachable-node", "unreachable-ending")}
    # Each names its node: an instructor reading the terminal need not open the file at the line to know which.
    assert by_line[line_of(path, "  orphan:")].message == "ノード「orphan」にはどの返答からも進めません"
    lost = by_line[line_of(path, "  lost_ending:")]
    assert lost.code == "unreachable-ending" and "「lost_ending」" in lost.message
    boss = by_line[line_of(path, "  boss:")]
    assert boss.code == "unreachable-ending" and "「boss」" in boss.message
    hidden = by_line[line_of(path, "  hidden:")]
    assert hidden.code == "unreachable-node" and "条件を満たす道筋がない" in hidden.message
    assert "「hidden」" in hidden.message
    assert all(d.severity == "warning" for d in by_line.values())


def test_flags_set_but_never_read(tmp_path):
    data = scenario()
    data["nodes"]["open"]["choices"][0]["set"] = ["apologised"]
    path, diags = findings(tmp_path, data)
    d = only(diags, "flag-unused")[0]
    assert d.severity == "warning" and d.line == line_of(path, "- apologised") and "「apologised」" in d.message


def test_not_flags_on_a_flag_never_set(tmp_path):
    data = scenario()
    data["nodes"]["ask"]["choices"][0]["if"] = {"not_flags": ["saw_reciept"]}
    path, diags = findings(tmp_path, data)
    d = only(diags, "flag-never-set")[0]
    assert d.severity == "warning" and d.line == line_of(path, "- saw_reciept") and "いつも成り立ちます" in d.message
    assert "「saw_receipt」の誤り" in d.message


def test_reply_with_neither_steps_nor_ng(tmp_path):
    data = scenario()
    data["nodes"]["ask"]["choices"].append(reply("「少々お待ちください」", next="offer"))
    path, diags = findings(tmp_path, data)
    d = only(diags, "untagged-choice")[0]
    line = line_of(path, "少々お待ちください")
    col = path.read_text(encoding="utf-8").splitlines()[line - 1].index("text:") + 1
    assert d.severity == "warning" and (d.line, d.col) == (line, col)


def test_duplicate_reply_text(tmp_path):
    data = scenario()
    data["nodes"]["ask"]["choices"].append(reply("「レシートを拝見できますか。」", steps=["fact_check"], next="offer"))
    path, diags = findings(tmp_path, data)
    d = only(diags, "duplicate-reply")[0]
    assert d.line == line_of(path, "レシートを拝見できますか。", 2) and "1 番目" in d.message


def test_expected_dimension_no_reply_performs(tmp_path):
    data = scenario(expects=["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"])
    path, diags = findings(tmp_path, data)
    d = only(diags, "expects-unperformed")[0]
    assert d.line == line_of(path, "- firm_response") and "毅然とした対応" in d.message
    assert "firm_boundary, escalate, record" in d.message


def test_expected_by_default_and_missing_is_reported_at_the_id(tmp_path):
    data = scenario()
    data["nodes"]["offer"]["choices"][0]["steps"] = ["fact_check"]
    path, diags = findings(tmp_path, data)
    d = only(diags, "expects-unperformed")[0]
    assert d.line == line_of(path, "id: lint-mini") and "expects を省略" in d.message


def test_step_whose_dimension_is_not_expected(tmp_path):
    data = scenario()
    data["nodes"]["ask"]["choices"][0]["steps"] = ["fact_check", "record"]
    path, diags = findings(tmp_path, data)
    d = only(diags, "step-not-scored")[0]
    assert d.line == line_of(path, "- record") and "記録・録音" in d.message and "毅然とした対応" in d.message


def test_step_not_scored_is_reported_once_naming_every_reply_that_carries_it(tmp_path):
    data = scenario()
    data["nodes"]["ask"]["choices"][0]["steps"] = ["fact_check", "record"]
    data["nodes"]["offer"]["choices"][0]["steps"] = ["can_cant", "record"]
    path, diags = findings(tmp_path, data)
    (d,) = only(diags, "step-not-scored")
    assert d.line == line_of(path, "- record")
    assert f"{line_of(path, '- record', 2)} 行目の返答にもあります" in d.message


def test_best_total_below_the_top_grade(tmp_path):
    data = scenario()
    data["nodes"]["open"]["choices"][0]["steps"] = ["empathy"]  # nobody can do the limited apology
    data["nodes"]["ask"]["choices"].append(reply("「申し訳ございません」", steps=["limited_apology"], next="blowup"))
    path, diags = findings(tmp_path, data)
    d = only(diags, "best-low")[0]
    a = analyse(load_scenario(path).scenario)
    assert d.severity == "warning" and d.line == line_of(path, "id: lint-mini")
    assert f"{a.best_total} 点" in d.message and "90 点未満" in d.message
    assert "返答 " + ",".join(map(str, a.best_path)) in d.message


def test_worst_total_above_the_failure_cap(tmp_path):
    data = scenario()
    data["nodes"]["open"]["choices"][1]["next"] = "ask"  # arguing no longer ends the call
    data["nodes"]["open"]["choices"][1]["steps"] = ["limited_apology", "empathy"]
    data["nodes"]["offer"]["choices"][1]["next"] = "done"
    data["nodes"]["ask"]["choices"][1]["steps"] = ["fact_check"]
    # Only the bare refusal is left as a mistake: the worst run scores mean 75 − 15 = 60.
    data["nodes"]["open"]["choices"][1]["ng"] = []
    data["nodes"]["ask"]["choices"][1]["ng"] = []
    path, diags = findings(tmp_path, data)
    d = only(diags, "worst-high")[0]
    assert "59 点より高く" in d.message and d.line == line_of(path, "id: lint-mini")


def test_thresholds_follow_the_rubric(tmp_path):
    """The top grade's minimum and the failure cap of the rubric in use, not the default 90 and 59."""
    from importlib import resources

    import re

    # An organisation that deducts nothing from the total (every severity worth 0 points), thresholds as the default.
    text = resources.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")
    text = re.sub(r"points: \d+", "points: 0", text)
    (tmp_path / "lenient.yaml").write_text(text, encoding="utf-8")
    lenient = load_rubric(tmp_path / "lenient.yaml")
    rubric_file = tmp_path / "strict.yaml"
    rubric_file.write_text(text.replace("{grade: S, min: 90}", "{grade: 秀, min: 100}")
                           .replace("failure_cap: 59", "failure_cap: 10"), encoding="utf-8")
    rubric = load_rubric(rubric_file)
    data = scenario()
    # No way to fail any more, and no way to a perfect score (the apology comes with a rude remark).
    data["nodes"]["open"]["choices"][0]["ng"] = ["rude"]
    data["nodes"]["open"]["choices"][1].update(next="ask", steps=["limited_apology"])
    data["nodes"]["offer"]["choices"][1]["next"] = "done"
    path, diags = findings(tmp_path, data, rubric=lenient)
    a = analyse(load_scenario(path).scenario, lenient)
    assert 90 <= a.best_total < 100 and 10 < a.worst_total <= 59
    assert not [d for d in diags if d.code in ("best-low", "worst-high")]
    _, diags = findings(tmp_path, data, rubric=rubric)
    assert "100 点未満なので、誰も 秀 評価に届きません" in only(diags, "best-low")[0].message
    assert "失敗の上限 10 点" in only(diags, "worst-high")[0].message


def test_analysis_bound_is_reported(tmp_path):
    path, diags = findings(tmp_path, scenario(), budget=1)
    d = only(diags, "analysis-bound")[0]
    assert d.severity == "warning" and "1 状態" in d.message
    # With the situations unexplored, nothing is claimed unreachable or impossible.
    assert not [x for x in diags if x.code in ("unreachable-node", "unreachable-ending", "never-holds")]


# --- through validate ------------------------------------------------------------------------------------
def test_validate_prints_findings_and_fails_on_errors(tmp_path, run_cli):
    data = scenario()
    data["nodes"]["ask"]["choices"][1]["if"] = {"flags": ["saw_reciept"]}
    path = write(tmp_path, data)
    proc = run_cli("validate", path)
    assert proc.returncode == 1
    line = next(x for x in proc.stdout.splitlines() if "[never-holds]" in x)
    assert line.startswith(f"{path}:{line_of(path, 'saw_reciept')}:") and ": error: " in line


def test_validate_strict_fails_on_warnings_only(tmp_path, invoke):
    data = scenario()
    data["nodes"]["open"]["choices"][0]["set"] = ["apologised"]
    path = write(tmp_path, data)
    assert invoke("validate", path).returncode == 0
    proc = invoke("validate", "--strict", path)
    assert proc.returncode == 1 and "[flag-unused]" in proc.stdout


def test_validate_json_reports_scores_and_lint(tmp_path, invoke):
    data = scenario()
    data["nodes"]["open"]["choices"][0]["set"] = ["apologised"]
    path = write(tmp_path, data)
    out = json.loads(invoke("validate", "--json", path).stdout)
    (sc,) = out["scenarios"]
    assert (sc["best_total"], sc["best_path"], sc["worst_total"], sc["worst_path"]) == (100, [1, 1, 1], 0, [2])
    assert sc["bound_hit"] is False
    (d,) = out["diagnostics"]
    assert d["code"] == "flag-unused" and d["severity"] == "warning" and d["line"] == line_of(path, "- apologised")
    assert out["warnings"] == 1 and out["errors"] == 0 and out["ok"] is True
