"""The workshop report as one self-contained HTML file: inline CSS, inline SVG charts, no script, nothing fetched.

It is read on screen and printed for the debriefing, so every chart carries its numbers as text too (a grey
printout or a screen reader loses nothing), rows never split across pages, and colours are kept when printing.
"""

from __future__ import annotations

from html import escape

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

CSS = """
:root { --ink: #1a202c; --muted: #5a6473; --line: #d5dae1; --bar: #2b6cb0; --mean: #c05621;
        --good: #2f855a; --mid: #b7791f; --low: #c53030; --band: #bee3f8; }
* { box-sizing: border-box; }
body { font-family: "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic",
       Meiryo, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px 32px; line-height: 1.6;
       font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
.meta { color: var(--muted); margin: 0; }
.callout { border: 2px solid var(--low); border-radius: 6px; padding: 10px 16px; margin-top: 16px; }
.callout strong { font-size: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f2f4f7; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr, .chart-row, .ng { break-inside: avoid; page-break-inside: avoid; }
.chart { width: 100%; }
.chart-row { display: grid; grid-template-columns: 260px 1fr 120px; align-items: center; gap: 8px;
             border-bottom: 1px solid var(--line); padding: 2px 0; }
.chart-row .label { font-size: 13px; overflow-wrap: anywhere; }
.chart-row .value { text-align: right; font-variant-numeric: tabular-nums; font-size: 13px; }
.chart-row svg { display: block; width: 100%; height: auto; }
.axis { border-bottom: none; }
.caption { color: var(--muted); font-size: 12px; margin: 4px 0 8px; }
.heat { table-layout: fixed; }
.heat td:first-child, .heat th:first-child { width: 36%; }
.heat th.n { white-space: normal; text-align: center; vertical-align: bottom; font-size: 12px; }
.heat td { vertical-align: middle; }
.heat td.n { color: #fff; font-weight: 600; text-align: center; }
.heat td.empty { background: #f7f7f7; }
.good { background: var(--good); } .mid { background: var(--mid); } .low { background: var(--low); }
.ng { margin: 0 0 12px; }
.ng ul { margin: 2px 0 0 0; padding-left: 20px; }
.ng li { font-size: 13px; }
.src { color: var(--muted); }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; color: #fff; border-radius: 3px; }
.quiz td.quiz-rate { width: 170px; }
.mini { width: 100px; height: 12px; vertical-align: middle; }
.choices h3 { font-size: 15px; margin: 18px 0 6px; }
.choices .turn { break-inside: avoid; page-break-inside: avoid; margin: 0 0 10px; }
.choices .prompt { font-weight: 600; margin: 6px 0 2px; }
.choices td.reply { width: 70%; }
.fail { color: var(--low); font-weight: 600; }
.pass { color: var(--good); font-weight: 600; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: auto; }
  .chart-row { grid-template-columns: 200px 1fr 100px; }
  a { color: inherit; text-decoration: none; }
}
/* One certificate per page: shown on screen as a framed page too, so the instructor sees what will print. */
.cert { display: flex; flex-direction: column; justify-content: center; min-height: 260mm; border: 6px double var(--ink);
        padding: 24mm 20mm; margin: 24px 0; break-before: page; page-break-before: always; break-inside: avoid;
        page-break-inside: avoid; text-align: center; }
.cert h2 { font-size: 40px; letter-spacing: 0.5em; border: none; margin: 0 0 16mm; }
.cert .name { font-size: 28px; margin: 0 0 10mm; }
.cert p.body { font-size: 16px; text-align: left; margin: 0 auto 8mm; max-width: 150mm; }
.cert table { max-width: 150mm; margin: 0 auto 14mm; }
.cert .date, .cert .instructor { font-size: 16px; margin: 2mm 0; text-align: right; max-width: 150mm;
        margin-left: auto; margin-right: auto; }
.cert .instructor { border-bottom: 1px solid var(--ink); padding-bottom: 2mm; }
@media print { .cert { min-height: 250mm; margin: 0; } }
"""

W = 600  # SVG user units across a 0–100 axis


PAD = 8  # room for a dot drawn at 0 or 100


def _x(value: float) -> float:
    return round(PAD + max(0.0, min(100.0, value)) * (W - 2 * PAD) / 100, 1)


def _band(score: float | None) -> str:
    if score is None:
        return "empty"
    return default_rubric().band(score)


def _anchor(v: int) -> str:
    return "start" if v == 0 else "end" if v == 100 else "middle"


def _axis_row() -> str:
    ticks = "".join(
        f'<line x1="{_x(v)}" y1="12" x2="{_x(v)}" y2="20" stroke="#5a6473"/>'
        f'<text x="{_x(v)}" y="10" font-size="11" text-anchor="{_anchor(v)}"'
        f' fill="#5a6473">{v}</text>' for v in range(0, 101, 20))
    return (f'<div class="chart-row axis"><div class="label"></div><svg viewBox="0 0 {W} 20"'
            f' aria-hidden="true">{ticks}</svg><div class="value">{escape(R.report_axis)}</div></div>')


def _grid() -> str:
    return "".join(f'<line x1="{_x(v)}" y1="0" x2="{_x(v)}" y2="28" stroke="#e2e6ea"/>' for v in range(0, 101, 20))


def _dot_row(label: str, stat: Stat, points: list[float]) -> str:
    """Each trainee as a dot, the mean as a line, mean ± SD as a band."""
    parts = [_grid()]
    if stat.mean is not None:
        lo, hi = _x(stat.mean - (stat.sd or 0)), _x(stat.mean + (stat.sd or 0))
        parts.append(f'<rect x="{lo}" y="6" width="{max(hi - lo, 1)}" height="16" fill="#bee3f8"/>')
    for p in points:
        parts.append(f'<circle cx="{_x(p)}" cy="14" r="5" fill="#2b6cb0" fill-opacity="0.55" stroke="#1a4971"/>')
    if stat.mean is not None:
        parts.append(f'<line x1="{_x(stat.mean)}" y1="2" x2="{_x(stat.mean)}" y2="26" stroke="#c05621" '
                     f'stroke-width="3"/>')
    aria = f"{label}: {num(stat.mean)} ({spread(stat)}, {span(stat)})"
    return (f'<div class="chart-row"><div class="label">{escape(label)}</div>'
            f'<svg viewBox="0 0 {W} 28" role="img" aria-label="{escape(aria)}">'
            f'<title>{escape(aria)}</title>{"".join(parts)}</svg>'
            f'<div class="value">{num(stat.mean)} <span class="src">{spread(stat)}</span></div></div>')


def _bar_row(label: str, stat: Stat) -> str:
    """The mean as a bar coloured by band, the SD as a whisker."""
    parts = [_grid()]
    if stat.mean is not None:
        colour = {"good": "#2f855a", "mid": "#b7791f", "low": "#c53030"}[_band(stat.mean)]
        parts.append(f'<rect x="{PAD}" y="6" width="{max(_x(stat.mean) - PAD, 1)}" height="16" fill="{colour}"/>')
        if stat.sd:
            lo, hi = _x(stat.mean - stat.sd), _x(stat.mean + stat.sd)
            parts.append(f'<line x1="{lo}" y1="14" x2="{hi}" y2="14" stroke="#1a202c" stroke-width="2"/>'
                         f'<line x1="{lo}" y1="9" x2="{lo}" y2="19" stroke="#1a202c" stroke-width="2"/>'
                         f'<line x1="{hi}" y1="9" x2="{hi}" y2="19" stroke="#1a202c" stroke-width="2"/>')
    aria = f"{label}: {num(stat.mean)} ({spread(stat)})"
    return (f'<div class="chart-row"><div class="label">{escape(label)}</div>'
            f'<svg viewBox="0 0 {W} 28" role="img" aria-label="{escape(aria)}">'
            f'<title>{escape(aria)}</title>{"".join(parts)}</svg>'
            f'<div class="value">{num(stat.mean)} <span class="src">{spread(stat)}</span></div></div>')


def _count_row(label: str, count: int, top: int, detail: str) -> str:
    width = max(round(count * (W - 2 * PAD) / max(top, 1), 1), 1)
    aria = f"{label}: {count}"
    return (f'<div class="chart-row"><div class="label">{escape(label)}</div>'
            f'<svg viewBox="0 0 {W} 28" role="img" aria-label="{escape(aria)}">'
            f'<title>{escape(aria)}</title><rect x="{PAD}" y="6" width="{width}" height="16" fill="#c53030"/></svg>'
            f'<div class="value">{count} <span class="src">{escape(detail)}</span></div></div>')


def _table(header, rows, text_columns: tuple[int, ...] = (0,), cls: str = "") -> str:
    def c(i: int) -> str:
        return "" if i in text_columns else "n"

    head = "".join(f'<th class="{c(i)}">{escape(h)}</th>' for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f'<td class="{c(i)}">{escape(str(v))}</td>' for i, v in enumerate(r)) + "</tr>"
                   for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _mini_bar(share: float) -> str:
    """The share answered right as a small bar (100 units wide), coloured by band."""
    colour = {"good": "#2f855a", "mid": "#b7791f", "low": "#c53030"}[_band(share * 100)]
    return (f'<svg class="mini" viewBox="0 0 100 12" role="img" aria-label="{round(share * 100)}%">'
            f'<rect x="0" y="1" width="100" height="10" fill="#e2e6ea"/>'
            f'<rect x="0" y="1" width="{max(round(share * 100, 1), 0.5)}" height="10" fill="{colour}"/></svg>')


def _quiz_section(rep: WorkshopReport) -> str:
    """The ○× statements the group got wrong most often: the share answered right, as a bar and in numbers."""
    if rep.quiz is None:
        return ""
    rows = "".join(
        f'<tr><td class="n quiz-rate">{_mini_bar(x.rate)} {round(x.rate * 100)}%</td>'
        f'<td class="n">{x.correct}/{x.answered}</td>'
        f'<td><span class="src">[{escape(x.topic)}]</span> {escape(x.statement)}</td></tr>'
        for x in rep.quiz.questions[:QUIZ_SHOWN])
    head = "".join(f'<th class="{c}">{escape(h)}</th>' for h, c in zip(R.report_quiz_header, ("n", "n", "")))
    return (f'<section><h2>{escape(R.report_quiz)}</h2><p class="caption">{escape(quiz_summary(rep.quiz))}</p>'
            f'<table class="quiz"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>')


def _pass_section(rep: WorkshopReport) -> str:
    out = [f"<section><h2>{escape(R.report_pass)}</h2>"]
    if not rep.passes:
        out.append(f"<p>{escape(R.report_pass_none)}</p></section>")
        return "".join(out)
    out.append(f'<p class="caption">{escape(pass_count(rep))}</p>')
    head = "".join(f'<th class="{"n" if i in (2, 3, 5) else ""}">{escape(h)}</th>'
                   for i, h in enumerate(R.report_pass_header))
    body = []
    for p, row in zip(rep.passes, pass_rows(rep)):
        cells = []
        for i, v in enumerate(row):
            cls = "n" if i in (2, 3, 5) else ("pass" if p.passed else "fail") if i == 6 else ""
            cells.append(f'<td class="{cls}">{escape(v)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    out.append(f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></section>')
    return "".join(out)


def _grid_section(rep: WorkshopReport) -> str:
    cols = grid_columns(rep)
    rows = [[t.name] + [grid_text(rep, t.name, sid) for sid, _ in cols] for t in rep.trainees]
    return (f"<section><h2>{escape(R.report_grid)}</h2>"
            + _table(("",) + tuple(title for _, title in cols), rows) + "</section>")


def _choices_section(rep: WorkshopReport) -> str:
    if not rep.choices:
        return ""
    out = [f'<section class="choices"><h2>{escape(R.report_choices)}</h2>'
           f'<p class="caption">{escape(R.report_choices_note)}</p>']
    for sc in rep.choices:
        out.append(f"<h3>{escape(sc.title)} <span class=\"src\">({escape(sc.scenario_id)})</span></h3>")
        for t in sc.turns:
            top = max((c.count for c in t.replies), default=0)
            rows = "".join(
                f'<tr><td class="reply">{escape(c.text)}</td><td class="n">{c.count}</td>'
                f'<td class="n">{_mini_bar(c.count / top if top else 0)} {escape(choice_share(c.count, t.total))}'
                f"</td></tr>" for c in t.replies)
            prompt = R.report_choices_turn.format(turn=t.turn, prompt=t.prompt or t.node)
            out.append(f'<div class="turn"><p class="prompt">{escape(prompt)}</p><table><thead><tr>'
                       f'<th>{escape(R.report_choices_header[1])}</th><th class="n">'
                       f'{escape(R.report_choices_header[2])}</th><th class="n">{escape(R.report_choices_header[3])}'
                       f"</th></tr></thead><tbody>{rows}</tbody></table></div>")
    out.append("</section>")
    return "".join(out)


def _certificates(rep: WorkshopReport, instructor: str | None) -> str:
    """One page per trainee with at least one passed scenario (test mode), ready to print and sign."""
    out = []
    session = rep.filters.get("session")
    for name in rep.passed_trainees:
        mine = [p for p in rep.passes if p.trainee == name and p.passed]
        last = max(p.passed_at or "" for p in mine)
        rows = "".join(f'<tr><td>{escape(p.title)}</td><td class="n">{p.best}</td><td>{escape(p.grade or "")}</td>'
                       f'<td>{escape(local_time(p.passed_at, "%Y-%m-%d"))}</td></tr>' for p in mine)
        head = "".join(f'<th class="{"n" if i == 1 else ""}">{escape(h)}</th>' for i, h in enumerate(R.cert_header))
        who = R.cert_instructor.format(name=instructor) if instructor else R.cert_instructor_blank
        out.append(
            f'<section class="cert" aria-label="{escape(R.cert_title)} {escape(name)}">'
            f"<h2>{escape(R.cert_title)}</h2><p class=\"name\">{escape(R.cert_lead.format(name=name))}</p>"
            f'<p class="body">{escape(R.cert_body)}</p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            + (f'<p class="date">{escape(R.cert_session.format(session=session))}</p>' if session else "")
            + f'<p class="date">{escape(local_time(last, R.cert_date_format))}</p>'
            f'<p class="instructor">{escape(who)}</p></section>')
    return "".join(out)


def render_html(rep: WorkshopReport, instructor: str | None = None) -> str:
    out = [f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<title>{escape(R.report_title)}</title><style>{CSS}</style></head><body>',
           f"<header><h1>{escape(R.report_title)}</h1>",
           f'<p class="meta">{escape(R.report_generated.format(at=local_time(rep.generated_at)))}</p>']
    if not rep.runs:
        out.append(f"<p>{escape(R.report_empty)}</p></header>")
        out.append(_quiz_section(rep))
        out.append(f"<footer>{escape(footer())}</footer></body></html>")
        return "".join(out)
    out.append(f'<p class="meta">{escape(period(rep))}</p>')
    if rep.filters:
        out.append(f'<p class="meta">{escape(filters_line(rep))}</p>')
    out.append(f'<p class="meta">{escape(summary_line(rep))}</p>')
    out.append(f'<p class="meta">{escape(R.report_basis_line.format(basis=R.report_basis[rep.basis]))}</p>')
    weak = weakest_lines(rep)
    out.append(f'<div class="callout"><div>{escape(R.report_weakest_title)}</div><strong>{escape(weak[0])}</strong>'
               + "".join(f"<div>{escape(x)}</div>" for x in weak[1:]) + "</div></header>")

    # totals per scenario
    out.append(f"<section><h2>{escape(R.report_scenarios)}</h2>")
    out.append(f'<p class="caption">{escape(R.report_chart_totals)}</p><div class="chart">{_axis_row()}')
    out += [_dot_row(s.title, s.total, s.points) for s in rep.scenarios]
    out.append("</div>")
    rows = [[f"{s.title} ({s.scenario_id})", s.trainees, s.attempts, num(s.total.mean), spread(s.total), span(s.total),
             pct(s.success_rate)] for s in rep.scenarios]
    out.append(_table(R.report_scenario_header, rows))
    outcome_rows = [[s.title, S.LIST_SEP.join(f"{S.OUTCOMES.get(k, k)} {v}" for k, v in s.outcomes.items()) or R.none]
                    for s in rep.scenarios]
    out.append(f"<h3>{escape(R.report_outcomes)}</h3>"
               + _table((R.report_scenario_header[0], R.report_outcomes), outcome_rows, text_columns=(0, 1)))
    out.append("</section>")

    # dimensions
    out.append(f"<section><h2>{escape(R.report_dimensions)}</h2>")
    out.append(f'<p class="caption">{escape(R.report_chart_dimensions)}</p><div class="chart">{_axis_row()}')
    out += [_bar_row(d.label, d.stat) for d in rep.dimensions]
    out.append("</div>")
    rows = [[d.label, d.stat.n, num(d.stat.mean), spread(d.stat), span(d.stat), pct(d.missed), pct(d.out_of_order),
             pct(d.penalised)] for d in rep.dimensions]
    out.append(_table(R.report_dimension_header, rows))
    out.append("</section>")

    # scenario x dimension heat map
    dims = [d.dimension for d in rep.dimensions]
    head = "".join(f'<th class="n">{escape(rep.labels.get(d, d))}</th>' for d in dims)
    body = []
    for s in rep.scenarios:
        cells = []
        for d in dims:
            st = s.dims.get(d)
            mean = st.mean if st else None
            cells.append(f'<td class="n {_band(mean)}">{num(mean) if st else ""}</td>')
        body.append(f"<tr><td>{escape(s.title)}</td>{''.join(cells)}</tr>")
    rub = default_rubric()
    legend = (f'<p class="caption legend"><span class="good">{rub.mastery}〜</span>'
              f'<span class="mid">{rub.passing}〜{rub.mastery - 1}</span><span class="low">〜{rub.passing - 1}</span></p>')
    out.append(f"<section><h2>{escape(R.report_matrix)}</h2>{legend}<table class=\"heat\"><thead><tr><th></th>{head}"
               f"</tr></thead><tbody>{''.join(body)}</tbody></table></section>")

    # mistakes
    out.append(f"<section><h2>{escape(R.report_ng)}</h2>")
    if not rep.ng:
        out.append(f"<p>{escape(R.report_ng_none)}</p>")
    else:
        top = max(n.count for n in rep.ng)
        out.append(f'<p class="caption">{escape(R.report_chart_ng)}</p><div class="chart">')
        out += [_count_row(n.label, n.count, top, f"{R.report_ng_header[2]} {n.trainees}") for n in rep.ng]
        out.append("</div>")
        for n in rep.ng:
            items = "".join("<li>" + R.report_ng_reply.format(
                count=r.count, text=escape(r.text), scenario=f'<span class="src">{escape(r.scenario_title)}</span>')
                + "</li>" for r in n.replies)
            desc = S.NG_DESCRIPTIONS.get(n.tag, "")
            out.append(f'<div class="ng"><strong>{escape(n.label)}</strong> <span class="src">{escape(desc)}</span>'
                       f"<ul>{items}</ul></div>")
    out.append("</section>")

    # trainees
    out.append(f"<section><h2>{escape(R.report_trainees)}</h2>")
    rows = [[t.name, t.runs, t.finished, num(t.mean_total), t.weakest or R.none] for t in rep.trainees]
    out.append(_table(R.report_trainee_header, rows, text_columns=(0, 4)))
    out.append("</section>")
    out.append(_pass_section(rep))
    out.append(_grid_section(rep))
    out.append(_choices_section(rep))
    out.append(_quiz_section(rep))
    out.append(f"<footer>{escape(footer())}</footer>")
    out.append(_certificates(rep, instructor))
    out.append("</body></html>")
    return "\n".join(out) + "\n"
