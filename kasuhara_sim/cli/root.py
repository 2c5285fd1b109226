"""The ``kasuhara-sim`` command group, its entry point ``main``, and the commands that need no module of their own:
``list``, ``play``, ``validate`` and ``quiz``. The other command groups (``results``: history, export, report;
``authoring``: graph, schema, new) are named in ``LAZY_COMMANDS`` and imported when invoked.

Only click is imported at start-up; the core, rich and the TUI are imported by the command that needs them, so that
``list`` and ``validate`` start fast and never load Textual."""

from __future__ import annotations

import importlib
import json
import sys

import click

from kasuhara_sim import __version__
from kasuhara_sim.cli.common import (ContentProblem, UsageProblem, all_dirs, capped, load_rubric_or_fail,
                                     resolve_scenario, rubric_option, scenarios_option)
from kasuhara_sim.display import replace_unencodable
from kasuhara_sim.strings import Cli

# Commands that live in other modules, imported only when invoked (name -> "module:attribute").
LAZY_COMMANDS: dict[str, str] = {
    "history": "kasuhara_sim.cli.results:history_cmd",
    "export": "kasuhara_sim.cli.results:export_cmd",
    "report": "kasuhara_sim.cli.results:report_cmd",
    "graph": "kasuhara_sim.cli.authoring:graph_cmd",
    "schema": "kasuhara_sim.cli.authoring:schema_cmd",
    "new": "kasuhara_sim.cli.authoring:new_cmd",
    "understand": "kasuhara_sim.cli.understand:understand_cmd",
    "serve": "kasuhara_sim.cli.serve:serve_cmd",
    "watch": "kasuhara_sim.cli.serve:watch_cmd",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            return localise_help(getattr(importlib.import_module(module), attr))
        return super().get_command(ctx, name)


def localise_help(command: click.Command) -> click.Command:
    """The help of ``command`` (its docstring and its options' help, written in Japanese in the decorators) in the
    chosen language; the messages are in the catalogs (babel.cfg extracts them)."""
    from inspect import cleandoc

    from kasuhara_sim.i18n import relabel

    if command.help:
        command.help = relabel(cleandoc(command.help))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = relabel(param.help)
    for sub in getattr(command, "commands", {}).values():
        localise_help(sub)
    return command


def _lang_from(argv) -> str | None:
    """The value of ``--lang`` before click parses anything: the help it prints is already in that language."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def seed_option(f):
    return click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None,
                        help="実行のシード。同じシードで同じせりふ・返答の並びを再現します(既定: 実行ごとに無作為)。")(f)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kasuhara-sim")
@scenarios_option
@click.option("--trainee", help="受講者の名前。")
@click.option("--free", is_flag=True, help="自由回答で始めます(返答を自分の言葉で入力します。画面版では f で切替)。")
@click.option("--timed", is_flag=True, help="時間制限ありで始めます(返答が遅れるとお客様の怒りが上がり、催促されます)。")
@seed_option
# Read by main() before parsing (so that --help is in that language too); declared here to be listed and checked.
@click.option("--lang", type=click.Choice(["ja", "en"]), expose_value=False,
              help="表示の言語(ja: 日本語、en: 英語)。既定: 環境変数 KASUHARA_SIM_LANG、次にロケール、なければ日本語。")
@click.pass_context
def cli(ctx, scenario_dirs, trainee, free, timed, seed):
    """kasuhara-sim — カスハラ対応ロールプレイ。引数なしで画面版を起動します。"""
    ctx.ensure_object(dict)
    ctx.obj["scenario_dirs"] = scenario_dirs
    ctx.obj["trainee"] = trainee
    ctx.obj["seed"] = seed
    ctx.obj["free"] = free
    ctx.obj["timed"] = timed
    if ctx.invoked_subcommand is None:
        launch_tui(scenario_dirs=scenario_dirs, trainee=trainee, seed=seed, **({"free": True} if free else {}),
                   **({"timed": True} if timed else {}))


def launch_tui(**kwargs):
    from kasuhara_sim.tui.app import run_app  # Textual is imported only here

    run_app(**kwargs)


@cli.command("list")
@scenarios_option
@click.option("--json", "as_json", is_flag=True, help="JSON で出力します。")
@click.pass_context
def list_cmd(ctx, scenario_dirs, as_json):
    """シナリオの一覧を表示します。"""
    from kasuhara_sim import strings as S
    from kasuhara_sim.format.library import load_library

    lib = load_library(all_dirs(ctx, scenario_dirs))
    rows = [
        {"id": s.id, "title": s.scenario.title, "category": s.scenario.category, "level": s.scenario.level,
         "channel": s.scenario.channel, "minutes": s.scenario.minutes, "industry": s.scenario.industry, "path": s.path}
        for s in sorted(lib.scenarios, key=lambda s: (["beginner", "intermediate", "manager"].index(s.scenario.level), s.id))
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from rich.table import Table
        from rich.text import Text

        from kasuhara_sim.display import clean, console as make_console

        console = make_console()
        meta = lambda r: [S.CATEGORIES[r["category"]], S.LEVELS[r["level"]], S.CHANNELS[r["channel"]],  # noqa: E731
                          str(r["minutes"] or "—")]
        if console.width >= 110 and console.is_terminal:
            table = Table(box=None, header_style="bold", pad_edge=False)
            table.add_column(Cli.list_header[0], no_wrap=True)
            table.add_column(Cli.list_header[1], overflow="fold")
            for name in Cli.list_header[2:]:
                table.add_column(name, no_wrap=True)
            for r in rows:
                table.add_row(r["id"], clean(r["title"]), *meta(r))
            console.print(table)
        else:  # narrow terminals and pipes: two lines per scenario, nothing cut off
            for r in rows:
                line = Text(r["id"], style="bold")
                line.append("  " + " / ".join(meta(r)[:3]) + " / " + Cli.list_minutes.format(minutes=meta(r)[3]))
                console.print(line)
                console.print(Text("    " + clean(r["title"])))
        console.print(Cli.list_count.format(count=len(rows)), style="dim")
    for line in capped(lib.problems):
        click.echo(line, err=True)
    if lib.problems:
        ctx.exit(1)


def parse_choices(value: str) -> list[int]:
    items = value.replace(" ", "").split(",")
    if "" in items and any(items):  # "1,,1" or "1,2,": a number left out is a typo, not something to guess at
        raise UsageProblem(Cli.choices_empty_item.format(value=value, position=items.index("") + 1))
    try:
        picks = [int(v) for v in items if v != ""]
    except ValueError:
        raise UsageProblem(Cli.bad_choices.format(value=value)) from None
    if not picks:
        raise UsageProblem(Cli.bad_choices.format(value=value))
    return picks


def play_choices(loaded, picks: list[int], seed: int | None = None):
    from kasuhara_sim.engine import ChoiceOutOfRange, Run

    run = Run(loaded.scenario, seed=seed)
    for i, p in enumerate(picks):
        if run.finished:
            raise UsageProblem(Cli.too_many_choices.format(turn=i, node=run.node_id,
                                                           rest=",".join(map(str, picks[i:]))))
        try:
            run.choose(p)
        except ChoiceOutOfRange as exc:
            raise UsageProblem(Cli.choice_out_of_range.format(turn=exc.turn, number=exc.number,
                                                              available=exc.available)) from None
    if not run.finished:
        raise UsageProblem(Cli.too_few_choices.format(count=len(picks), turn=len(picks) + 1, node=run.node_id))
    return run


def result_json(loaded, run, report) -> dict:
    sc = loaded.scenario
    data = report.to_dict()
    reviews = data.pop("turns")
    turns = []
    for t, r in zip(run.transcript, reviews):
        turn = t.to_dict()
        turn["narration"] = sc.nodes[t.node].narration
        turn.update({k: r[k] for k in ("losses", "better_text", "better_feedback", "better_number")})
        turns.append(turn)
    return {
        "better_cut": report.better_cut,  # the search for better replies stopped early (time or states)
        "scenario": sc.id, "title": sc.title, "seed": run.seed, "path": run.path, "turns": turns,
        "ending": run.node_id, "outcome": run.outcome, "success": report.success, "scores": report.scores,
        "mean": report.mean, "total": report.total, "grade": report.grade, "critical": report.critical,
        "dimensions": data["dimensions"], "total_losses": data["total_losses"],
        "order_yours": data["order_yours"], "order_basic": data["order_basic"], "anger_curve": data["anger_curve"],
        "ending_narration": report.ending_narration, "ending_say": report.ending_say, "debrief": report.debrief,
        "expects": list(sc.expected),
    }


@cli.command("play")
@click.argument("scenario")
@click.option("--choices", help="返答の番号をカンマ区切りで(例: 1,2,1)。各ターンで表示された返答を 1 から数えます。")
@click.option("--json", "as_json", is_flag=True, help="結果を JSON で出力します(--choices と併用)。")
@click.option("--plain", is_flag=True, help="画面版を使わず、番号を入力して進めます(読み上げソフト・小さな端末向け)。")
@click.option("--mode", type=click.Choice(["practice", "test"]), default="practice", show_default=True,
              help="practice: 返答ごとに講評を表示 / test: 講評は最後だけ。")
@click.option("--trainee", help="受講者の名前。指定すると --choices の結果も成績として記録します。")
@click.option("--free", is_flag=True, help="自由回答: 選択肢を選ぶ代わりに、返答を自分の言葉で入力します。")
@click.option("--timed", is_flag=True, help="時間制限あり: お客様は返答を待ってくれません。決まった秒数を過ぎるたびに怒りが上がり、催促されます。")
@seed_option
@scenarios_option
@rubric_option
@click.pass_context
def play_cmd(ctx, scenario, choices, as_json, plain, mode, trainee, free, timed, seed, scenario_dirs, rubric_path):
    """シナリオを演習します。SCENARIO はシナリオ ID またはファイルのパスです。"""
    trainee = trainee or ctx.obj.get("trainee")
    free = free or ctx.obj.get("free", False)
    timed = timed or ctx.obj.get("timed", False)
    if seed is None:
        seed = ctx.obj.get("seed")
    if choices is not None and plain:
        raise UsageProblem(Cli.choices_with_plain)
    if as_json and choices is None:
        raise UsageProblem(Cli.json_needs_choices)
    if free and choices is not None:
        raise UsageProblem(Cli.free_with_choices)
    if timed and choices is not None:
        raise UsageProblem(Cli.timed_with_choices)
    dirs = all_dirs(ctx, scenario_dirs)
    rubric = load_rubric_or_fail(rubric_path)
    loaded = resolve_scenario(scenario, dirs)
    _refuse_unplayable(loaded)
    if choices is not None:  # an empty --choices is a mistake to report, not a request for the TUI
        from kasuhara_sim.scoring import score
        from kasuhara_sim.scoring import score_run

        # Without --seed the numbers count in the written order with first variants (docs/format.md).
        run = play_choices(loaded, parse_choices(choices), seed)
        # The finish is recorded first; the better replies (a search that can take a while) are named after.
        report = score_run(loaded.scenario, run, rubric, better_replies=False)
        explained = []

        def explain():
            if not explained:
                explained.append(score.name_better_replies(loaded.scenario, run, report, rubric))

        problem = None
        if trainee:
            from kasuhara_sim.cli.results import record_played

            problem = record_played(trainee, loaded, run, report, mode, rubric, explain=explain)
        explain()  # when nothing was recorded (or recording failed before it)
        if as_json:
            click.echo(json.dumps(result_json(loaded, run, report), ensure_ascii=False, indent=2))
        else:
            from kasuhara_sim.reports.result import print_report

            print_report(report, loaded.scenario)
        if problem:  # the result is shown either way; not keeping it is still a failure
            raise click.ClickException(problem)
        return
    if plain:
        from kasuhara_sim.cli.plain import play_plain

        recorder = _recorder(trainee)
        rc = play_plain(loaded, rubric, mode, recorder, seed, free=free, timed=timed)
        ctx.exit(rc or (1 if recorder and recorder.problem else 0))
    launch_tui(scenario_dirs=dirs, scenario=loaded, rubric=rubric, mode=mode, trainee=trainee, seed=seed,
               **({"free": True} if free else {}), **({"timed": True} if timed else {}))


def _refuse_unplayable(loaded) -> None:
    """One clear line, instead of a turn with no reply to choose (the numbers asked for would be 「1〜0」)."""
    from kasuhara_sim.analysis.lint import unplayable

    found = unplayable(loaded)
    if found:
        d = found[0]
        raise ContentProblem([f"{d.path}:{d.line}:{d.col}: error: "
                              + Cli.unplayable.format(message=d.message, path=d.path) + f" [{d.code}]"])


@cli.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="結果を JSON で出力します。")
@click.option("--strict", is_flag=True, help="警告もエラーとして扱います。")
@scenarios_option
@rubric_option
@click.pass_context
def validate_cmd(ctx, paths, as_json, strict, scenario_dirs, rubric_path):
    """シナリオとクイズのファイル(またはフォルダ)を検査し、最高点・最低点とその道筋を示します。

    PATHS はファイル・フォルダのパス、またはシナリオ ID です。"""
    from kasuhara_sim.cli.validate import run_validate

    rubric = load_rubric_or_fail(rubric_path)
    ctx.exit(run_validate(paths, rubric, as_json=as_json, strict=strict, scenario_dirs=all_dirs(ctx, scenario_dirs)))


@cli.command("quiz")
@click.option("--plain", is_flag=True, help="画面版を使わず、文字だけで出題します。")
@click.option("-n", "count", type=click.IntRange(1, 200), default=20, show_default=True, help="出題数。")
@click.option("--seed", type=int, help="出題順の乱数シード(同じ値なら同じ順番)。")
@scenarios_option
@click.pass_context
def quiz_cmd(ctx, plain, count, seed, scenario_dirs):
    """○×クイズで知識を確認します。"""
    dirs = all_dirs(ctx, scenario_dirs)
    if plain:
        from kasuhara_sim.cli.plain import quiz_plain

        recorder = _recorder(ctx.obj.get("trainee"))
        rc = quiz_plain(dirs, count, seed, recorder)
        ctx.exit(rc or (1 if recorder and recorder.problem else 0))
    launch_tui(scenario_dirs=dirs, quiz=True, quiz_count=count, quiz_seed=seed, trainee=ctx.obj.get("trainee"))


def _recorder(trainee: str | None):
    """Keeps a plain-terminal run or quiz in the results database when the trainee is named (None otherwise)."""
    if not trainee:
        return None
    from kasuhara_sim.store.recorder import Recorder

    return Recorder(trainee)


def _say(line: str) -> None:
    """One line on stderr. Names and paths in a message were typed by someone else: no escape sequence of theirs
    reaches the terminal."""
    from kasuhara_sim.display import clean

    click.echo(clean(line), err=True)


def main(argv=None) -> None:
    """Entry point: every failure is one clear line on stderr and a non-zero exit, never a traceback."""
    replace_unencodable()
    from kasuhara_sim.i18n import choose, set_language

    args = sys.argv[1:] if argv is None else list(argv)
    set_language(choose(_lang_from(args)))
    localise_help(cli)
    try:
        rc = cli.main(args=args, prog_name="kasuhara-sim", standalone_mode=False)
    except BaseException as exc:  # noqa: BLE001 - report_failure re-raises what it does not know
        rc = report_failure(exc)
    sys.exit(rc or 0)


def report_failure(exc: BaseException) -> int:
    """One line on stderr for a failure this command line knows, and the exit status; anything else is re-raised."""
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, click.UsageError):
        cmd = exc.ctx.command_path.split(" ", 1)[1] if exc.ctx and " " in exc.ctx.command_path else ""
        hint = " " + Cli.help_hint.format(command=cmd).replace("  ", " ") if not isinstance(exc, UsageProblem) else ""
        _say(Cli.error_prefix + exc.format_message() + hint)
        return 2
    if isinstance(exc, ContentProblem):
        for line in exc.lines:
            _say(line)
        return 1
    if isinstance(exc, click.ClickException):
        _say(Cli.error_prefix + exc.format_message())
        return exc.exit_code
    if isinstance(exc, (click.Abort, KeyboardInterrupt)):
        click.echo(Cli.interrupted, err=True)
        return 130
    if isinstance(exc, BrokenPipeError):
        return 0
    raise exc
