"""``history``, ``export`` and ``report``: the results database from the command line (registered lazily in root.py).

They only read: a missing database reads as empty and is not created, and a database in a place that cannot be
written is still read.
"""

from __future__ import annotations

import json

import click

from kasuhara_sim.cli.common import UsageProblem, all_dirs, scenarios_option
from kasuhara_sim.strings import Results as R


def _trainee(ctx, value: str | None) -> str | None:
    name = value or (ctx.obj or {}).get("trainee")
    if name is None:
        return None
    from kasuhara_sim.store import StoreError, normalize_name

    try:
        return normalize_name(name)
    except StoreError as exc:
        raise UsageProblem(str(exc)) from None


def _since(value: str | None) -> str | None:
    from kasuhara_sim.reports.workshop import since_bound

    try:
        return since_bound(value)
    except ValueError:
        raise UsageProblem(R.err_since.format(value=value)) from None


def _open(readonly: bool = True):
    from kasuhara_sim.store import Store, StoreError

    try:
        return Store.open(readonly=readonly)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _emit(text: str, output: str | None, *, bom: bool = False) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from kasuhara_sim.reports.export import write_output
    from kasuhara_sim.store import StoreError

    try:
        write_output(output, text, bom=bom)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _runs(store, trainee, since, details=True):
    from kasuhara_sim.store import StoreError

    try:
        return store.history(trainee, since=since, details=details, newest_first=False)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


trainee_option = click.option("--trainee", "trainee_opt", metavar="NAME", help="この受講者の記録だけにします。")
since_option = click.option("--since", metavar="DATE", help="この日時以降の記録だけにします(例: 2025-01-31、today)。")
output_option = click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
                             help="ファイルに書き出します(既定: 標準出力)。")


@click.command("history")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力します。")
@trainee_option
@since_option
@click.option("--limit", type=click.IntRange(1), help="新しいものからこの件数だけ表示します。")
@scenarios_option
@click.pass_context
def history_cmd(ctx, as_json, trainee_opt, since, limit, scenario_dirs):
    """成績の記録(演習ごとの結果)を表示します。"""
    from rich.cells import cell_len

    from kasuhara_sim import strings as S
    from kasuhara_sim.display import local_time

    trainee = _trainee(ctx, trainee_opt)
    bound = _since(since)
    with _open() as store:
        runs = _runs(store, trainee, bound)
    runs.reverse()  # newest first
    if limit:
        runs = runs[:limit]
    if as_json:
        rows = []
        for r in runs:
            data = r.to_dict()
            data.pop("turns")
            data.pop("dimensions")
            rows.append(data)
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not runs:
        console.print(R.history_empty_trainee.format(name=trainee) if trainee else R.history_empty)
        console.print(R.history_where.format(path=store.path), style="dim", markup=False)
        return
    table = Table(box=None, header_style="bold", pad_edge=False,
                  title=R.history_title_trainee.format(name=trainee) if trainee else R.history_title,
                  title_justify="left")
    h = R.history_header
    # The short columns keep their width (at least their header's); a narrow terminal shortens the scenario title
    # and the name, then drops the turn count, the mode and the year, rather than cutting off the score.
    narrow = console.width < 72
    keys = ["date"] + ([] if trainee else ["name"]) + ["title"] + ([] if narrow else ["mode"])
    keys += ["result", "total", "grade"] + (["turns"] if console.width >= 100 else [])
    date_format = R.date_format_short if narrow else R.date_format
    header = dict(zip(["date", "name", "title", "mode", "result", "total", "grade", "turns"], h))
    width = {"date": 11 if narrow else 16, "name": 10, "mode": 4, "result": 10, "total": 4, "grade": 4, "turns": 4}
    width = {k: max(v, cell_len(header[k])) for k, v in width.items()}
    fixed = sum(width[k] for k in keys if k != "title")
    width["title"] = max(8, console.width - fixed - 2 * (len(keys) - 1))
    for k in keys:
        numeric = k in ("total", "grade", "turns")
        table.add_column(header[k], no_wrap=True, overflow="ellipsis", justify="right" if numeric else "left",
                         min_width=width[k] if k in ("date", "mode", "total", "grade", "turns") else None,
                         max_width=width[k] if k in ("name", "title", "result") else None)
    for r in runs:
        result = S.OUTCOMES.get(r.outcome, r.outcome) if r.finished else R.status[r.status]
        cells = {"date": local_time(r.started_at, date_format), "name": r.trainee, "title": r.scenario_title,
                 "mode": R.mode_short[r.mode], "result": result,
                 "total": str(r.total) if r.finished and r.total is not None else "",
                 "grade": (r.grade or "") if r.finished else "", "turns": str(r.turn_count)}
        table.add_row(*(cells[k] for k in keys))
    console.print(table)
    counts = {k: sum(r.status == k for r in runs) for k in R.status}
    console.print(R.history_count.format(count=len(runs), **counts), style="dim")
    if trainee:
        from kasuhara_sim.format.library import load_library
        from kasuhara_sim.reports import progress

        with _open() as store:
            prog = progress.load(store, trainee, load_library(all_dirs(ctx, scenario_dirs)).scenarios)
        if prog.weakest:
            console.print(R.history_weakest.format(label=prog.label(prog.weakest), mean=round(prog.weakest_mean)),
                          markup=False)
        if prog.suggestion:
            s = prog.suggestion
            console.print(R.history_next.format(title=s.title, id=s.scenario_id), markup=False)
            console.print("  " + s.reason, markup=False, style="dim")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xapi"]), required=True,
              help="csv: 演習ごとに1行 / json: すべて / xapi: LRS に送る xAPI 1.0.3 ステートメント。")
@output_option
@trainee_option
@since_option
@click.option("--base", default=None, metavar="IRI",
              help="xAPI のアクティビティ IRI の基点(組織が管理する IRI を指定してください)。")
@click.option("--homepage", default=None, metavar="URL", help="xAPI の受講者アカウントの homePage。")
@click.pass_context
def export_cmd(ctx, fmt, output, trainee_opt, since, base, homepage):
    """成績を CSV・JSON・xAPI で書き出します(LMS・表計算ソフト向け)。"""
    from kasuhara_sim.reports import export, xapi

    trainee = _trainee(ctx, trainee_opt)
    bound = _since(since)
    for option, value in (("--base", base), ("--homepage", homepage)):
        if value is not None and not xapi.valid_base(value):
            raise UsageProblem(R.err_iri.format(option=option, value=value))
    with _open() as store:
        runs = _runs(store, trainee, bound)
        quizzes = store.quizzes(trainee, since=bound) if fmt != "csv" else []
    if fmt == "csv":
        _emit(export.runs_csv(runs), output, bom=True)
    elif fmt == "json":
        filters = {k: v for k, v in (("trainee", trainee), ("since", bound)) if v}
        _emit(export.runs_json(runs, list(reversed(quizzes)), filters), output)
    else:
        vocab = xapi.Vocabulary(base or xapi.DEFAULT_BASE, homepage or xapi.DEFAULT_HOMEPAGE)
        _emit(json.dumps(xapi.statements(runs, quizzes, vocab), ensure_ascii=False, indent=2) + "\n", output)
    if output and output != "-":
        click.echo(R.export_written.format(count=len(runs), path=output), err=True)


@click.command("report")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "csv"]), default="text", show_default=True,
              help="text: 端末向け / html: グラフ付き・印刷向け / csv: 表計算ソフト向け。")
@output_option
@since_option
@click.option("--basis", type=click.Choice(["best", "first", "latest"]), default="best", show_default=True,
              help="受講者ごとにどの回で平均とばらつきを出すか(最高点・初回・最新)。")
@click.pass_context
def report_cmd(ctx, fmt, output, since, basis):
    """研修の後で、グループ全体の結果(シナリオ別・観点別の平均とばらつき、よくある誤り)をまとめます。"""
    from kasuhara_sim.reports import workshop

    bound = _since(since)
    with _open() as store:
        runs = _runs(store, None, bound)
        quizzes = store.quizzes(since=bound)
    rep = workshop.build(runs, basis=basis, since=bound, quizzes=quizzes)
    if fmt == "text":
        _emit(workshop.render_text(rep), output)
    elif fmt == "csv":
        _emit(workshop.render_csv(rep), output, bom=True)
    else:
        from kasuhara_sim.reports.workshop_html import render_html

        _emit(render_html(rep), output)


def record_played(trainee: str, loaded, run, report, mode: str, rubric, explain=None) -> str | None:
    """Store a run played with ``play --choices``; returns the problem as one line, or None when stored.

    ``explain`` (optional) is called once the finished run is stored (the search for better replies, which can take
    a while: an interruption then loses nothing but the explanations); what it adds to ``report`` is stored after."""
    from kasuhara_sim.store import Store, StoreError
    from kasuhara_sim.store.db import utc_now

    try:
        with Store.open() as store:
            ended = utc_now()
            run_id = store.record_run(trainee, loaded, run, report, mode=mode, rubric=rubric)
            if explain is not None:
                explain()
                store.finish_run(run_id, report, at=ended)
    except StoreError as exc:
        return str(exc)
    return None
