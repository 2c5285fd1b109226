"""Instructor commands: ``graph`` (a scenario as a diagram), ``schema`` (JSON Schema of format v1) and ``new`` (a
commented scaffold that validates as written). Registered lazily in ``root.LAZY_COMMANDS``; nothing here imports the
TUI."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from kasuhara_sim import strings as S
from kasuhara_sim.cli.common import (UsageProblem, all_dirs, force_option, resolve_scenario, scenarios_option,
                                     write_output_file)
from kasuhara_sim.strings import Authoring as A


def _write(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write UTF-8 text; ``exclusive`` refuses to replace an existing file (checked atomically by the OS)."""
    try:
        with open(path, "x" if exclusive else "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise click.ClickException(A.new_exists.format(path=path)) from None
    except OSError as exc:
        raise click.ClickException(A.write_failed.format(path=path, reason=exc.strerror or exc)) from None


# --- graph --------------------------------------------------------------------------------------------------
@click.command("graph")
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True,
              help="mermaid: GitHub・Notion・VS Code などでそのまま表示できます / dot: Graphviz 用。")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="書き出すファイル(省略すると画面に表示)。mermaid で拡張子が .md なら ```mermaid で囲みます。")
@force_option
@scenarios_option
@click.pass_context
def graph_cmd(ctx, scenario, fmt, output, force, scenario_dirs):
    """シナリオの流れを図にします。SCENARIO はシナリオ ID またはファイルのパスです。

    ノードごとに 1 つの箱、返答ごとに 1 本の矢印(番号は書いた順、✓ 手順あり・✗ 誤りあり)。
    条件つきの返答・ルートには条件を添え、結末は成功(緑)・失敗(赤)で色分けします。
    どの道筋でも到達しないノードは灰色の破線です。
    """
    from kasuhara_sim.analysis.graph import render
    from kasuhara_sim.scoring import default_rubric

    loaded = resolve_scenario(scenario, all_dirs(ctx, scenario_dirs))
    text = render(loaded.scenario, fmt, frozenset(default_rubric().failed_outcomes))
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    if fmt == "mermaid" and Path(output).suffix.lower() == ".md":
        text = f"```mermaid\n{text}```\n"
    write_output_file(ctx, output, text, force=force, scenario_dirs=scenario_dirs, drawn=loaded.path)
    click.echo(A.graph_written.format(path=output), err=True)


# --- schema -------------------------------------------------------------------------------------------------
@click.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="書き出すファイル(省略すると画面に表示)。")
@force_option
@click.pass_context
def schema_cmd(ctx, output, force):
    """シナリオ形式 1 の JSON Schema を出力します(エディタの補完・検査用)。

    YAML の先頭に「# yaml-language-server: $schema=ファイルへのパス」と書くと、
    VS Code などで入力補完と誤りの表示が使えます。
    """
    from kasuhara_sim.format.schema import schema_text

    text = schema_text()
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    write_output_file(ctx, output, text, force=force)
    click.echo(A.schema_written.format(path=output), err=True)


# --- new ----------------------------------------------------------------------------------------------------
def _schema_reference(folder: Path) -> tuple[str, Path | None]:
    """Where the scaffold's ``$schema`` points: a schema already beside it or in a ``schema/`` folder above it
    (the repository layout), else a copy written next to it. Returns (relative reference, file to write or None)."""
    from kasuhara_sim.format.schema import FILE_NAME

    folder = folder.resolve()
    for base in (folder, *folder.parents):
        for candidate in (base / FILE_NAME, base / "schema" / FILE_NAME):
            if candidate.is_file():
                return Path(os.path.relpath(candidate, folder)).as_posix(), None
    return FILE_NAME, folder / FILE_NAME


@click.command("new")
@click.argument("scenario_id", metavar="ID")
@click.option("--category", type=click.Choice(list(S.CATEGORIES)), default="angry_customer", show_default=True,
              help="分類。")
@click.option("--level", type=click.Choice(list(S.LEVELS)), default="beginner", show_default=True, help="レベル。")
@click.option("--channel", type=click.Choice(list(S.CHANNELS)), default="counter", show_default=True, help="窓口。")
@click.option("--output", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="作成先のフォルダ(既定: いまのフォルダ)。")
@scenarios_option
@click.pass_context
def new_cmd(ctx, scenario_id, category, level, channel, folder, scenario_dirs):
    """新しいシナリオの下書き(ID.yaml)を作ります。

    コメントつきの小さな完成形で、そのまま validate を通ります。既存のファイルは上書きしません。
    """
    from kasuhara_sim.format.library import load_library
    from kasuhara_sim.format.model import SCENARIO_ID_PATTERN
    from kasuhara_sim.format.scaffold import scaffold

    if not re.fullmatch(SCENARIO_ID_PATTERN, scenario_id):
        raise UsageProblem(A.new_bad_id.format(value=scenario_id))
    target = folder / f"{scenario_id}.yaml"
    try:
        if target.exists():
            raise click.ClickException(A.new_exists.format(path=target))
        if folder.exists() and not folder.is_dir():
            raise UsageProblem(A.new_no_dir.format(path=folder))
        # An id already used by a scenario the tool loads would make both unusable (duplicate ids are an error).
        taken = load_library(all_dirs(ctx, scenario_dirs)).by_id(scenario_id)
        if taken is not None:
            raise UsageProblem(A.new_id_taken.format(id=scenario_id, path=taken.path))
        if not folder.is_dir():
            # The quick start's first command names a folder that does not exist yet: make it (and say so).
            folder.mkdir(parents=True)
            click.echo(A.new_dir_made.format(path=folder))
    except OSError as exc:
        from kasuhara_sim.format.yamlsource import path_problem

        raise UsageProblem(f"{target}: {path_problem(str(target), exc).message}") from None
    reference, schema_file = _schema_reference(folder)
    _write(target, scaffold(scenario_id, category, level, channel, reference, target.name), exclusive=True)
    click.echo(A.new_written.format(path=target))
    if schema_file is not None and not schema_file.exists():
        from kasuhara_sim.format.schema import schema_text

        _write(schema_file, schema_text(), exclusive=True)
        click.echo(A.new_schema_written.format(path=schema_file))
    click.echo(A.new_next.format(path=target))
