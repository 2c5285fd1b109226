from __future__ import annotations

import pytest

from kasuhara_sim.engine import Run, replay
from kasuhara_sim.format.diagnostics import ScenarioError
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring import default_rubric, load_rubric, score_run

from .helpers import scenario_dict, write


def play(tmp_path, data, picks, rubric=None):
    sc = load_scenario(write(tmp_path, data)).scenario
    return score_run(sc, replay(sc, picks), rubric)


def test_full_path_scores_100(tmp_path):
    rep = play(tmp_path, scenario_dict(), [1, 1, 1])
    assert rep.total == 100 and rep.grade == "S" and rep.success is True
    assert not rep.total_losses and all(not d.losses for d in rep.dimensions)


def test_every_point_lost_is_explained(tmp_path):
    rep = play(tmp_path, scenario_dict(), [1, 2])  # can_cant before fact_check, fact_check never done
    by = {d.dimension: d for d in rep.dimensions}
    assert by["fact_check"].score == 0 and by["fact_check"].losses[0].kind == "not_performed"
    assert by["can_cant"].score == 60 and by["can_cant"].losses[0].kind == "out_of_order"
    for d in rep.dimensions:
        assert 100 - d.score == sum(loss.effective for loss in d.losses)
        for loss in d.losses:
            assert loss.reason


def test_a_dimension_not_expected_is_not_lowered_and_the_severity_is_deducted(tmp_path):
    # Rubric v2: give_in lowers can_cant and firm_response; firm_response is not expected here, so it is not lowered,
    # and give_in (major) costs the total 25.
    rep = play(tmp_path, scenario_dict(), [1, 1, 2])
    by = rep.scores
    assert by["can_cant"] == 0  # never performed, and the penalty cannot take it below 0
    assert not [loss for loss in rep.total_losses if loss.kind == "ng_total"]
    assert [(loss.ng, loss.severity, loss.points) for loss in rep.total_losses if loss.kind == "deduction"] == [
        ("give_in", "major", 25)]
    # mean(100, 100, 0, 100) = 75, minus 25 = 50; gave_in is a failure: cap 59 does not bite.
    assert rep.mean == 75 and rep.total == 50 and rep.success is False


def test_a_rubric_1_file_keeps_its_first_edition_meaning(tmp_path):
    # Under ``rubric: 1`` a penalty on a dimension that is not expected comes off the total, and nothing else does.
    import importlib.resources as res

    base = res.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")
    v1 = base.replace("rubric: 2", "rubric: 1")
    v1 = v1[:v1.index("  misinform:")] + v1[v1.index("failed_outcomes:"):]
    (tmp_path / "v1.yaml").write_text(v1, encoding="utf-8")
    rubric = load_rubric(tmp_path / "v1.yaml")
    assert rubric.rubric == 1 and not rubric.deductions
    rep = play(tmp_path, scenario_dict(), [1, 1, 2], rubric)
    assert [loss.points for loss in rep.total_losses if loss.kind == "ng_total"] == [60]
    assert rep.total == 15  # mean 75 − 60
    # Deductions belong to revision 2: a rubric 1 file that has them is refused with a clear message.
    (tmp_path / "mixed.yaml").write_text(base.replace("rubric: 2", "rubric: 1"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_rubric(tmp_path / "mixed.yaml")
    assert "rubric: 2" in info.value.diagnostics[0].message


def test_failure_caps_the_total_at_59(tmp_path):
    data = scenario_dict()
    data["nodes"]["c"]["choices"][0]["next"] = "bad"  # the perfect path ends escalated
    rep = play(tmp_path, data, [1, 1, 1])
    assert rep.total == 59 and rep.grade == "D"
    cap = [loss for loss in rep.total_losses if loss.kind == "failure_cap"]
    assert cap and cap[0].points == 41


def test_firm_response_is_performed_by_any_of_its_steps(tmp_path):
    data = scenario_dict(expects=["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"])
    data["nodes"]["c"]["choices"][0]["steps"] = ["can_cant", "record"]
    rep = play(tmp_path, data, [1, 1, 1])
    assert rep.scores["firm_response"] == 100 and rep.total == 100


def test_only_expected_dimensions_are_scored_and_order_needs_expected_prerequisites(tmp_path):
    data = scenario_dict(expects=["fact_check", "can_cant"])
    data["nodes"]["a"]["choices"][0]["steps"] = ["fact_check"]
    data["nodes"]["b"]["choices"][1]["steps"] = ["can_cant"]
    rep = play(tmp_path, data, [1, 2])
    # empathy/limited_apology are not expected, so fact_check has no order rule.
    assert rep.scores == {"fact_check": 100, "can_cant": 100}


def test_steps_in_the_same_reply_count_as_in_order(tmp_path):
    data = scenario_dict()
    data["nodes"]["a"]["choices"][0]["steps"] = ["fact_check", "limited_apology", "empathy"]
    data["nodes"]["b"]["choices"][1]["steps"] = ["can_cant"]
    rep = play(tmp_path, data, [1, 2])
    assert rep.scores["fact_check"] == 100 and rep.scores["can_cant"] == 100


def test_better_reply_is_named_where_one_existed(kettle_path):
    sc = load_scenario(kettle_path).scenario
    rep = score_run(sc, replay(sc, [3, 1, 1]))
    assert rep.turns[0].better_number == 1
    assert rep.turns[0].better_text.startswith("「ご不便をおかけして")
    assert rep.turns[1].better_text is None  # the reply chosen was already the best one
    rep = score_run(sc, replay(sc, [1, 1, 1]))
    assert all(t.better_text is None for t in rep.turns)


def test_unfinished_run_is_scored_without_outcome(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = Run(sc)
    run.choose(1)
    rep = score_run(sc, run)
    assert rep.finished is False and rep.outcome is None and rep.success is None
    assert rep.scores["empathy"] == 100


def test_a_replaced_rubric_changes_the_numbers(tmp_path, kettle_path):
    src = (tmp_path / "r.yaml")
    import importlib.resources as res

    base = res.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")
    src.write_text(base.replace("out_of_order: 60", "out_of_order: 50").replace("bare_refusal: {can_cant: 30}",
                                                                               "bare_refusal: {can_cant: 10}")
                   .replace("{label: 軽い誤り, points: 15", "{label: 軽い誤り, points: 5"), encoding="utf-8")
    rubric = load_rubric(src)
    sc = load_scenario(kettle_path).scenario
    assert score_run(sc, replay(sc, [3, 1, 1]), rubric).scores["fact_check"] == 50
    assert score_run(sc, replay(sc, [1, 1, 2]), rubric).total == 70  # can_cant 0 - 10 stays 0; mean 75 - 5
    assert score_run(sc, replay(sc, [1, 1, 2])).total == 60  # the default: 75 - 15
    assert score_run(sc, replay(sc, [3, 1, 1])).scores["fact_check"] == 60  # default untouched


def test_a_broken_rubric_is_reported_with_position(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("rubric: 1\ndimensions: {}\ngrades: [{grade: S, min: 90}]\npenalties:\n  shouting: {empathy: 10}\n",
                 encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_rubric(f)
    assert any(d.line == 5 and "shouting" in d.message for d in info.value.diagnostics)


@pytest.mark.parametrize("total,grade", [(100, "S"), (90, "S"), (89, "A"), (80, "A"), (79, "B"), (70, "B"),
                                         (69, "C"), (60, "C"), (59, "D"), (0, "D")])
def test_grade_bands(total, grade):
    assert default_rubric().grade(total) == grade


def test_mean_rounds_half_up():
    r = default_rubric()
    assert r.combine([100, 100, 60, 100, 0], 0, None) == 72  # 72.0
    assert r.combine([100, 60, 60, 100], 0, None) == 80
    assert r.combine([100, 100, 0, 60, 60, 0, 0, 100], 0, None) == 53  # 52.5 rounds up


def test_the_basic_order_lists_only_dimensions_with_an_order_rule(tmp_path):
    # firm_response has no order relation in the default rubric: it is expected, but not part of the procedure's order.
    data = scenario_dict(expects=["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"])
    rep = play(tmp_path, data, [1, 1, 1])
    assert rep.order_basic == [["empathy", "limited_apology"], ["fact_check"], ["can_cant"]]


@pytest.mark.parametrize("change, fragment", [
    (lambda t: t.replace("  - {grade: D, min: 0}\n", ""), "min: 0"),
    (lambda t: "".join(x for x in t.splitlines(True) if not x.startswith("  firm_response: {label")),
     "firm_response"),
], ids=["no-zero-band", "missing-dimension"])
def test_a_rubric_that_breaks_the_rules_is_refused(tmp_path, change, fragment):
    from importlib import resources

    text = resources.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")
    broken = change(text)
    assert broken != text
    f = tmp_path / "rubric.yaml"
    f.write_text(broken, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_rubric(f)
    messages = [d.format() for d in info.value.diagnostics]
    assert any(fragment in m and m.startswith(f"{f}:") for m in messages), messages


def test_the_pass_mark_and_the_colour_bands_come_from_the_rubric(tmp_path):
    from kasuhara_sim.reports.result import score_style

    r = default_rubric()
    assert (r.passing, r.mastery) == (60, 80)  # one above the failure cap 59; grade A
    assert [r.band(t) for t in (100, 80, 79.9, 60, 59.5, 0)] == ["good", "good", "mid", "mid", "low", "low"]
    assert [score_style(t) for t in (80, 79, 59)] == ["green", "yellow", "red"]
    # An organisation's rubric moves all of them: failures capped at 50, mastered from its second band (65).
    text = resources_text().replace("failure_cap: 59", "failure_cap: 50")
    text = text[:text.index("grades:")] + "grades:\n  - {grade: 優, min: 85}\n  - {grade: 良, min: 65}\n  - {grade: 可, min: 0}\n"
    f = tmp_path / "ours.yaml"
    f.write_text(text, encoding="utf-8")
    ours = load_rubric(f)
    assert (ours.passing, ours.mastery) == (51, 65)
    assert [ours.band(t) for t in (65, 64, 51, 50)] == ["good", "mid", "mid", "low"]
    assert [score_style(t, ours) for t in (65, 64, 50)] == ["green", "yellow", "red"]


def resources_text() -> str:
    from importlib import resources

    return resources.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")
