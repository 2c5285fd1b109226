"""``kasuhara-sim understand``: what the free-answer recogniser finds in typed replies, for instructors and tests.
SudachiPy is imported here only, when the command runs."""

from __future__ import annotations

import json
import sys

import click

from kasuhara_sim.cli.common import ContentProblem
from kasuhara_sim.strings import Cli, Free


@click.command("understand")
@click.argument("texts", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="1 行に 1 つの JSON オブジェクト {text, steps, ng, evidence} で出力します。")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="組織の辞書・ルールの YAML ファイル(組み込みのルールに追加します。複数指定できます)。")
def understand_cmd(texts, as_json, rule_files):
    """入力した返答から、手順(ステップ)と NG を読み取って表示します。TEXT がなければ標準入力を 1 行ずつ読みます。"""
    from kasuhara_sim.understand.recognise import Recogniser
    from kasuhara_sim.understand.rules import RuleError

    try:
        rec = Recogniser(extra_rules=list(rule_files))
    except RuleError as exc:
        raise ContentProblem([str(exc)]) from None
    lines = texts if texts else (line.rstrip("\r\n") for line in sys.stdin)
    for text in lines:
        r = rec.recognise(text)
        if as_json:
            click.echo(json.dumps(r.as_dict(), ensure_ascii=False))
            continue
        click.echo(text)
        if not r.recognised:
            click.echo("  " + Cli.understand_nothing)
        for e in r.evidence:
            click.echo(f"  {e.label}: 「{e.words}」 — {e.explain} [{e.rule}]")
        for a in r.advice:
            click.echo(f"  {Free.advice}: " + Free.advice_line.format(**a.as_dict()) + f" [{a.rule}]")
