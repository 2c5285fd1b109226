"""``history``, ``export`` and ``report``: the results database from the command line (registered lazily in root.py).

They only read: a missing database reads as empty and is not created, and a database in a place that cannot be
written is still read.
"""

from __future__ import annotations

import json

import click

from kasuhara_sim.cli.common import UsageProblem, all_dirs, force_option, scenarios_option, write_output_file
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


def _emit(ctx, text: str, output: str | None, force: bool, *, bom: bool = False) -> None:
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    write_output_file(ctx, output, text, force=force, bom=bom)


_warned: set[str] = set()


def _warn(store) -> None:
    """One line on stderr per damaged run skipped (the rest is shown; the exit status stays 0)."""
    for line in store.warnings:
        if line not in _warned:
            _warned.add(line)
            click.echo(line, err=True)


def _runs(store, trainee, since, details=True, session=None):
    from kasuhara_sim.store import StoreError

    try:
        return store.history(trainee, since=since, details=details, newest_first=False, session=session)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        _warn(store)


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
    from rich.table import Table
    from rich.text import Text

    from kasuhara_sim.display import clean, console as make_console

    console = make_console()
    if not runs:
        console.print(clean(R.history_empty_trainee.format(name=trainee) if trainee else R.history_empty))
        console.print(clean(R.history_where.format(path=store.path)), style="dim")
        return
    table = Table(box=None, header_style="bold", pad_edge=False,
                  title=Text(clean(R.history_title_trainee.format(name=trainee) if trainee else R.history_title)),
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
        table.add_row(*(Text(clean(cells[k])) for k in keys))
    console.print(table)
    counts = {k: sum(r.status == k for r in runs) for k in R.status}
    console.print(R.history_count.format(count=len(runs), **counts), style="dim")
    if trainee:
        from kasuhara_sim.format.library import load_library
        from kasuhara_sim.reports import progress

        with _open() as store:
            prog = progress.load(store, trainee, load_library(all_dirs(ctx, scenario_dirs)).scenarios)
            _warn(store)
        if prog.weakest:
            console.print(clean(R.history_weakest.format(label=prog.label(prog.weakest),
                                                         mean=round(prog.weakest_mean))))
        if prog.suggestion:
            s = prog.suggestion
            console.print(clean(R.history_next.format(title=s.title, id=s.scenario_id)))
            console.print(clean("  " + s.reason), style="dim")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xapi"]), required=True,
              help="csv: 演習ごとに1行 / json: すべて / xapi: LRS に送る xAPI 1.0.3 ステートメント。")
@output_option
@force_option
@trainee_option
@since_option
@click.option("--session", metavar="NAME", help="この研修回(serve --session)の記録だけにします。")
@click.option("--base", default=None, metavar="IRI",
              help="xAPI のアクティビティ IRI の基点(組織が管理する IRI を指定してください)。")
@click.option("--homepage", default=None, metavar="URL", help="xAPI の受講者アカウントの homePage。")
@click.pass_context
def export_cmd(ctx, fmt, output, force, trainee_opt, since, session, base, homepage):
    """成績を CSV・JSON・xAPI で書き出します(LMS・表計算ソフト向け)。"""
    from kasuhara_sim.reports import export, xapi

    trainee = _trainee(ctx, trainee_opt)
    bound = _since(since)
    for option, value in (("--base", base), ("--homepage", homepage)):
        if value is not None and not xapi.valid_base(value):
            raise UsageProblem(R.err_iri.format(option=option, value=value))
    session = (session or "").strip() or None
    with _open() as store:
        runs = _runs(store, trainee, bound, session=session)
        # ○× rounds belong to no session: a session's export has its runs only (as the report does).
        quizzes = store.quizzes(trainee, since=bound) if fmt != "csv" and not session else []
        _warn(store)
    if fmt == "csv":
        _emit(ctx, export.runs_csv(runs), output, force, bom=True)
    elif fmt == "json":
        filters = {k: v for k, v in (("trainee", trainee), ("since", bound), ("session", session)) if v}
        _emit(ctx, export.runs_json(runs, list(reversed(quizzes)), filters), output, force)
    else:
        vocab = xapi.Vocabulary(base or xapi.DEFAULT_BASE, homepage or xapi.DEFAULT_HOMEPAGE)
        _emit(ctx, json.dumps(xapi.statements(runs, quizzes, vocab), ensure_ascii=False, indent=2) + "\n", output,
              force)
    if output is not None and output != "-":
        click.echo(R.export_written.format(count=len(runs), path=output), err=True)


@click.command("report")
@click.option("--format", "fmt", type=click.Choice(["text", "html", "csv"]), default="text", show_default=True,
              help="text: 端末向け / html: グラフ・修了証付き、印刷向け / csv: 表計算ソフト向け。")
@output_option
@force_option
@since_option
@click.option("--until", metavar="DATE", help="この日時より前の記録だけにします(例: 2025-02-01)。")
@click.option("--session", metavar="NAME", help="この研修回(serve --session)の記録だけにします。")
@trainee_option
@click.option("--scenario", "scenario_id", metavar="ID", help="このシナリオの記録だけにします。")
@click.option("--mode", type=click.Choice(["practice", "test"]), help="練習モードか本番モードの記録だけにします。")
@click.option("--basis", type=click.Choice(["best", "first", "latest"]), default="best", show_default=True,
              help="受講者ごとにどの回で平均とばらつきを出すか(最高点・初回・最新)。")
@click.option("--instructor", metavar="NAME", help="修了証に載せる講師の名前(HTML)。")
@click.pass_context
def report_cmd(ctx, fmt, output, force, since, until, session, trainee_opt, scenario_id, mode, basis, instructor):
    """研修の後で、グループ全体の結果(シナリオ別・観点別の平均とばらつき、合格者、よくある誤り)をまとめます。"""
    from kasuhara_sim.reports import workshop
    from kasuhara_sim.store import StoreError

    bound = _since(since)
    try:
        before = workshop.since_bound(until)
    except ValueError:
        raise UsageProblem(R.err_until.format(value=until)) from None
    trainee = _trainee(ctx, trainee_opt)
    session = (session or "").strip() or None
    with _open() as store:
        try:
            runs = store.history(trainee, scenario=scenario_id, since=bound, until=before, session=session, mode=mode,
                                 details=True, newest_first=False)
            # ○× rounds belong to no session, scenario or mode: they are shown only when the report is not narrowed
            # to one of those.
            quizzes = [] if (session or scenario_id or mode) else [
                q for q in store.quizzes(trainee, since=bound) if before is None or q.started_at < before]
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            _warn(store)
    filters = {k: v for k, v in (("session", session), ("trainee", trainee), ("scenario", scenario_id),
                                 ("mode", mode), ("until", before)) if v}
    rep = workshop.build(runs, basis=basis, since=bound, quizzes=quizzes, filters=filters)
    if fmt == "text":
        _emit(ctx, workshop.render_text(rep), output, force)
    elif fmt == "csv":
        _emit(ctx, workshop.render_csv(rep), output, force, bom=True)
    else:
        from kasuhara_sim.reports.workshop_html import render_html

        _emit(ctx, render_html(rep, instructor=instructor), output, force)


def record_played(trainee: str, loaded, run, report, mode: str, rubric, explain=None) -> str | None:
    """Store a run played with ``play --choices``; returns the problem as one line, or None when stored.

    When another process holds the database, this says so within a second (one line on stderr) and waits; if the
    lock outlasts the wait, the run is kept in a pending file that the next command merges (then it is not lost,
    and the status is 0). ``explain`` (optional) is called once the finished run is stored (the search for better
    replies, which can take a while: an interruption then loses nothing but the explanations); what it adds to
    ``report`` is stored after."""
    from kasuhara_sim.store import Store, StoreError
    from kasuhara_sim.store import errors as E
    from kasuhara_sim.store.db import run_entry

    def waiting() -> None:
        click.echo(R.store_waiting, err=True)

    try:
        entry = run_entry(trainee, loaded, [(t, None) for t in run.transcript], report, mode, rubric,
                          seed=getattr(run, "seed", None))
        with Store.open(on_wait=waiting) as store:
            run_id = store.write_entry(entry)
            if explain is not None:
                explain()
                store.add_better_replies(run_id, report)
    except E.DatabaseBusy:
        try:
            path = Store.keep_pending(entry)
        except StoreError as exc:
            return str(exc)
        click.echo(R.kept_pending.format(path=path), err=True)
    except StoreError as exc:
        return str(exc)
    return None
