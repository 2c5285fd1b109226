"""The workshop report as one self-contained HTML file: inline CSS, inline SVG charts, no script, nothing fetched.

It is read on screen and printed for the debriefing, so every chart carries its numbers as text too (a grey
printout or a screen reader loses nothing), rows never split across pages, and colours are kept when printing.

The page is a Jinja2 template (``templates/workshop.html.j2`` and the parts it includes) rendered with autoescaping
on: names, titles and replies typed by trainees and instructors are escaped wherever they appear, without a call to
remember at each one. This module turns the report into what the template shows: the localised labels of
``strings.py``, numbers already formatted and the charts' coordinates; the template holds the markup only.
Jinja2 is imported when a page is rendered, never by the text or CSV report.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from kasuhara_sim import strings as S
from kasuhara_sim.display import local_time
from kasuhara_sim.scoring import default_rubric
from kasuhara_sim.reports.workshop import (
    Stat,
    WorkshopReport,
    QUIZ_SHOWN,
    choice_share,
    filters_line,
    footer,
    grid_columns,
    grid_text,
    pass_count,
    pass_rows,
    num,
    pct,
    period,
    quiz_summary,
    span,
    spread,
    summary_line,
    weakest_lines,
)
from kasuhara_sim.strings import Results as R

if TYPE_CHECKING:
    from jinja2 import Template

W = 600  # SVG user units across a 0–100 axis


PAD = 8  # room for a dot drawn at 0 or 100

COLOURS = {"good": "#2f855a", "mid": "#b7791f", "low": "#c53030"}  # the score bands, as in the style sheet


def render_html(rep: WorkshopReport, instructor: str | None = None) -> str:
    return _template().render(_page(rep, instructor))


@cache
def _template() -> Template:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("kasuhara_sim.reports", "templates"),  # inside the package: works from a wheel too
        autoescape=True,  # every template here is HTML (the style sheet it includes has no expression)
        undefined=StrictUndefined,  # a misspelt name is an error, not an empty cell in a printed report
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(W=W, PAD=PAD, ticks=_ticks(), R=R)
    return env.get_template("workshop.html.j2")


def _x(value: float) -> float:
    return round(PAD + max(0.0, min(100.0, value)) * (W - 2 * PAD) / 100, 1)


def _band(score: float | None) -> str:
    if score is None:
        return "empty"
    return default_rubric().band(score)


def _ticks() -> list[dict[str, Any]]:
    """The axis above the charts: 0, 20 … 100, the end labels kept inside the drawing."""
    return [{"value": v, "x": _x(v), "anchor": "start" if v == 0 else "end" if v == 100 else "middle"}
            for v in range(0, 101, 20)]


def _dot_row(label: str, stat: Stat, points: list[float]) -> dict[str, Any]:
    """Each trainee as a dot, the mean as a line, mean ± SD as a band."""
    band = None
    if stat.mean is not None:
        lo, hi = _x(stat.mean - (stat.sd or 0)), _x(stat.mean + (stat.sd or 0))
        band = {"x": lo, "width": max(hi - lo, 1)}
    return {"kind": "dot", "label": label, "aria": f"{label}: {num(stat.mean)} ({spread(stat)}, {span(stat)})",
            "value": num(stat.mean), "note": spread(stat), "band": band, "dots": [_x(p) for p in points],
            "mean": None if stat.mean is None else _x(stat.mean)}


def _bar_row(label: str, stat: Stat) -> dict[str, Any]:
    """The mean as a bar coloured by band, the SD as a whisker."""
    bar = whisker = None
    if stat.mean is not None:
        bar = {"width": max(_x(stat.mean) - PAD, 1), "colour": COLOURS[_band(stat.mean)]}
        if stat.sd:
            whisker = {"lo": _x(stat.mean - stat.sd), "hi": _x(stat.mean + stat.sd)}
    return {"kind": "bar", "label": label, "aria": f"{label}: {num(stat.mean)} ({spread(stat)})",
            "value": num(stat.mean), "note": spread(stat), "bar": bar, "whisker": whisker}


def _count_row(label: str, count: int, top: int, detail: str) -> dict[str, Any]:
    return {"kind": "count", "label": label, "aria": f"{label}: {count}", "value": count, "note": detail,
            "width": max(round(count * (W - 2 * PAD) / max(top, 1), 1), 1)}


def _mini_bar(share: float) -> dict[str, Any]:
    """The share answered right as a small bar (100 units wide), coloured by band."""
    return {"percent": round(share * 100), "width": max(round(share * 100, 1), 0.5),
            "colour": COLOURS[_band(share * 100)]}


def _heat_cell(st: Stat | None) -> tuple[str, str]:
    """(band class, mean) of one scenario × dimension cell; an empty cell when nobody was scored on it."""
    mean = st.mean if st else None
    return _band(mean), num(mean) if st else ""


def _table(header, rows, text_columns: tuple[int, ...] = (0,), cls: str = "") -> dict[str, Any]:
    """A table whose columns are right-aligned numbers except ``text_columns``."""
    def c(i: int) -> str:
        return "" if i in text_columns else "n"

    return {"cls": cls, "head": [(c(i), h) for i, h in enumerate(header)],
            "rows": [[(c(i), str(v)) for i, v in enumerate(r)] for r in rows]}


def _quiz(rep: WorkshopReport) -> dict[str, Any] | None:
    """The ○× statements the group got wrong most often: the share answered right, as a bar and in numbers."""
    if rep.quiz is None:
        return None
    return {"summary": quiz_summary(rep.quiz), "head": list(zip(("n", "n", ""), R.report_quiz_header)),
            "rows": [{"bar": _mini_bar(x.rate), "score": f"{x.correct}/{x.answered}", "topic": x.topic,
                      "statement": x.statement} for x in rep.quiz.questions[:QUIZ_SHOWN]]}


def _passes(rep: WorkshopReport) -> dict[str, Any] | None:
    if not rep.passes:
        return None
    numbers = (2, 3, 5)
    rows = [[("n" if i in numbers else ("pass" if p.passed else "fail") if i == 6 else "", v)
             for i, v in enumerate(row)] for p, row in zip(rep.passes, pass_rows(rep))]
    return {"count": pass_count(rep), "cls": None, "head": [("n" if i in numbers else "", h)
                                               for i, h in enumerate(R.report_pass_header)], "rows": rows}


def _choices(rep: WorkshopReport) -> list[dict[str, Any]]:
    """How many chose each reply at each turn, scenario by scenario."""
    out = []
    for sc in rep.choices:
        turns = []
        for t in sc.turns:
            top = max((c.count for c in t.replies), default=0)
            turns.append({"prompt": R.report_choices_turn.format(turn=t.turn, prompt=t.prompt or t.node),
                          "replies": [{"text": c.text, "count": c.count, "bar": _mini_bar(c.count / top if top else 0),
                                       "share": choice_share(c.count, t.total)} for c in t.replies]})
        out.append({"title": sc.title, "scenario_id": sc.scenario_id, "turns": turns})
    return out


def _certificates(rep: WorkshopReport, instructor: str | None) -> list[dict[str, Any]]:
    """One page per trainee with at least one passed scenario (test mode), ready to print and sign."""
    session = rep.filters.get("session")
    who = R.cert_instructor.format(name=instructor) if instructor else R.cert_instructor_blank
    out = []
    for name in rep.passed_trainees:
        mine = [p for p in rep.passes if p.trainee == name and p.passed]
        last = max(p.passed_at or "" for p in mine)
        out.append({"name": name, "lead": R.cert_lead.format(name=name),
                    "rows": [{"title": p.title, "best": p.best, "grade": p.grade or "",
                              "date": local_time(p.passed_at, "%Y-%m-%d")} for p in mine],
                    "session": R.cert_session.format(session=session) if session else None,
                    "date": local_time(last, R.cert_date_format), "instructor": who})
    return out


def _page(rep: WorkshopReport, instructor: str | None) -> dict[str, Any]:
    """What the template shows, in the order it shows it."""
    page: dict[str, Any] = {"generated": R.report_generated.format(at=local_time(rep.generated_at)),
                            "empty": not rep.runs, "quiz": _quiz(rep), "footer": footer()}
    if not rep.runs:
        return page
    meta = [period(rep)] + ([filters_line(rep)] if rep.filters else []) + [
        summary_line(rep), R.report_basis_line.format(basis=R.report_basis[rep.basis])]
    rows = [[f"{s.title} ({s.scenario_id})", s.trainees, s.attempts, num(s.total.mean), spread(s.total), span(s.total),
             pct(s.success_rate)] for s in rep.scenarios]
    outcome_rows = [[s.title, S.LIST_SEP.join(f"{S.OUTCOMES.get(k, k)} {v}" for k, v in s.outcomes.items()) or R.none]
                    for s in rep.scenarios]
    dims = [d.dimension for d in rep.dimensions]
    heat = [{"title": s.title, "cells": [_heat_cell(s.dims.get(d)) for d in dims]} for s in rep.scenarios]
    rub = default_rubric()
    top = max((n.count for n in rep.ng), default=0)
    cols = grid_columns(rep)
    page.update(
        meta=meta,
        weak=weakest_lines(rep),
        scenario_chart=[_dot_row(s.title, s.total, s.points) for s in rep.scenarios],
        scenario_table=_table(R.report_scenario_header, rows),
        outcome_table=_table((R.report_scenario_header[0], R.report_outcomes), outcome_rows, text_columns=(0, 1)),
        dimension_chart=[_bar_row(d.label, d.stat) for d in rep.dimensions],
        dimension_table=_table(R.report_dimension_header, [
            [d.label, d.stat.n, num(d.stat.mean), spread(d.stat), span(d.stat), pct(d.missed), pct(d.out_of_order),
             pct(d.penalised)] for d in rep.dimensions]),
        heat_head=[rep.labels.get(d, d) for d in dims],
        heat=heat,
        legend=[("good", f"{rub.mastery}〜"), ("mid", f"{rub.passing}〜{rub.mastery - 1}"),
                ("low", f"〜{rub.passing - 1}")],
        ng_chart=[_count_row(n.label, n.count, top, f"{R.report_ng_header[2]} {n.trainees}") for n in rep.ng],
        ng=[{"label": n.label, "description": S.NG_DESCRIPTIONS.get(n.tag, ""), "replies": n.replies}
            for n in rep.ng],
        trainee_table=_table(R.report_trainee_header, [
            [t.name, t.runs, t.finished, num(t.mean_total), t.weakest or R.none] for t in rep.trainees],
            text_columns=(0, 4)),
        passes=_passes(rep),
        grid_table=_table(("",) + tuple(title for _, title in cols),
                          [[t.name] + [grid_text(rep, t.name, sid) for sid, _ in cols] for t in rep.trainees]),
        choices=_choices(rep),
        certificates=_certificates(rep, instructor),
    )
    return page
