"""What every command module shares: the two kinds of failure ``main`` turns into an exit status, the options
that several commands take, and finding a scenario or a rubric named on the command line. Only click is imported
at start-up (the core is imported by the function that needs it)."""

from __future__ import annotations

import click

from kasuhara_sim.strings import Cli
from kasuhara_sim.strings import Results as R

SHOWN_PER_CODE = 20  # problems of one kind shown per file; the rest are counted on one line


class UsageProblem(click.UsageError):
    """A bad argument detected by us rather than by click (exit 2)."""


class ContentProblem(Exception):
    """Problems in instructor files, already formatted as PATH:LINE:COL lines (exit 1)."""

    def __init__(self, lines: list[str]):
        self.lines = lines


def capped(diags, shown: int = SHOWN_PER_CODE) -> list[str]:
    """The lines to print: per file, the first ``shown`` problems of each code, then one line counting the rest
    (a 100,000-element list with a wrong type must not print 100,000 lines)."""
    counts: dict[tuple[str, str, str], int] = {}
    lines: list[str] = []
    for d in diags:
        key = (d.path, d.code, d.severity)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= shown:
            lines.append(d.format())
    for (path, code, severity), n in counts.items():
        if n > shown:
            lines.append(Cli.validate_more.format(path=path, severity=severity, more=n - shown, shown=shown,
                                                  code=code))
    return lines


def scenarios_option(f):
    return click.option("--scenarios", "scenario_dirs", multiple=True, type=click.Path(file_okay=False),
                        help="追加のシナリオフォルダ(複数可)。環境変数 KASUHARA_SIM_SCENARIOS も読みます。")(f)


def rubric_option(f):
    return click.option("--rubric", "rubric_path", type=click.Path(dir_okay=False),
                        help="採点基準ファイル(既定: 同梱の基本手順ルーブリック)。")(f)


def load_rubric_or_fail(path):
    from kasuhara_sim.format.diagnostics import ScenarioError
    from kasuhara_sim.scoring import default_rubric, load_rubric

    if not path:
        return default_rubric()
    try:
        return load_rubric(path)
    except ScenarioError as exc:
        raise ContentProblem(capped(exc.diagnostics)) from None


def resolve_scenario(name: str, scenario_dirs):
    """A scenario by file path or by id among all sources."""
    from pathlib import Path

    from kasuhara_sim.format.diagnostics import ScenarioError
    from kasuhara_sim.format.library import exists, load_library
    from kasuhara_sim.format.loader import load_scenario

    p = Path(name)
    if p.suffix in (".yaml", ".yml") or exists(p) or "/" in name or "\\" in name or len(name.encode()) > 255:
        try:
            return load_scenario(p)
        except ScenarioError as exc:
            raise ContentProblem(capped(exc.diagnostics)) from None
    lib = load_library(scenario_dirs)
    found = lib.by_id(name)
    if found is None:
        for line in capped(lib.problems):
            click.echo(line, err=True)
        raise UsageProblem(Cli.scenario_not_found.format(name=name))
    return found


def all_dirs(ctx, scenario_dirs):
    return tuple((ctx.obj or {}).get("scenario_dirs", ())) + tuple(scenario_dirs)


force_option = click.option("--force", is_flag=True,
                            help="-o のファイルがすでにあれば置き換えます(成績データベースとシナリオのファイルは置き換えません)。")


def write_output_file(ctx, output, text: str, *, force: bool = False, bom: bool = False, scenario_dirs=(),
                      drawn=None) -> None:
    """``-o FILE`` of export, report, graph and schema: never over an existing file unless ``force``, and never over
    the results database or a scenario (``drawn``, or any YAML file in the scenario folders) even then."""
    from kasuhara_sim.reports.export import write_output
    from kasuhara_sim.store import StoreError

    _check_output(ctx, str(output), scenario_dirs, drawn)
    try:
        write_output(output, text, bom=bom, force=force)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _check_output(ctx, name: str, scenario_dirs, drawn) -> None:
    from pathlib import Path

    from kasuhara_sim.format.library import scenario_dirs as source_dirs
    from kasuhara_sim.store.db import DB_NAME, data_home

    if not name.strip():
        raise UsageProblem(R.err_output_empty)
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in name):
        shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)
        raise UsageProblem(R.err_output_control.format(path=shown))
    target = Path(name)
    db = data_home() / DB_NAME
    if any(_same(target, db.with_name(DB_NAME + tail)) for tail in ("", "-wal", "-shm", "-journal")):
        raise click.ClickException(R.err_output_database.format(path=target))
    if drawn is not None and _same(target, Path(drawn)):
        raise click.ClickException(R.err_output_scenario.format(path=target))
    if target.suffix.lower() in (".yaml", ".yml"):
        try:
            where = target.resolve()
            folders = [d.resolve() for d in source_dirs(all_dirs(ctx, scenario_dirs))]
        except (OSError, RuntimeError):
            return  # a name the system cannot resolve cannot be written either; write_output says why
        if any(where == d or where.is_relative_to(d) for d in folders):
            raise click.ClickException(R.err_output_scenario.format(path=target))


def _same(a, b) -> bool:
    """The same file, by identity (hard links, symbolic links) when both exist, else by resolved path."""
    import os

    try:
        if os.path.samefile(a, b):
            return True
    except (OSError, ValueError):
        pass
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False
