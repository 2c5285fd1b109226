"""The instructor documentation stays true: its example validates, its tables match the code, its commands exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
import yaml

from kasuhara_sim.analysis.lint import CODES
from kasuhara_sim.cli import cli
from kasuhara_sim.scoring import default_rubric, load_rubric

DOCS = Path(__file__).resolve().parents[2] / "docs"
AUTHORING = (DOCS / "authoring.md").read_text(encoding="utf-8")
SCORING = (DOCS / "scoring.md").read_text(encoding="utf-8")


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.S | re.M)


def test_the_complete_example_validates_strictly(tmp_path, invoke):
    (example,) = [b for b in blocks(AUTHORING, "yaml") if "format: 1" in b and "nodes:" in b]
    f = tmp_path / "example.yaml"
    f.write_text(example, encoding="utf-8")
    res = invoke("validate", "--strict", f)
    assert res.returncode == 0, res.stdout
    assert "最高 100 点 / 最低 0 点" in res.stdout


def test_the_table_of_checks_is_the_list_of_checks():
    rows = re.findall(r"^\| `([a-z-]+)` \| (エラー|警告) \|", AUTHORING, flags=re.M)
    documented = {code: {"エラー": "error", "警告": "warning"}[sev] for code, sev in rows}
    assert documented == CODES


def test_scoring_doc_shows_the_shipped_default_rubric():
    shown = [yaml.safe_load(b) for b in blocks(SCORING, "yaml")]
    assert default_rubric().model_dump() in [load(d) for d in shown if d.get("name") == default_rubric().name]


def load(data: dict) -> dict:
    from kasuhara_sim.scoring.rubric import Rubric

    return Rubric.model_validate(data).model_dump()


def test_scoring_doc_example_rubric_loads_and_changes_what_it_says(tmp_path):
    (example,) = [b for b in blocks(SCORING, "yaml") if "our-rubric.yaml" in b]
    f = tmp_path / "our-rubric.yaml"
    f.write_text(example, encoding="utf-8")
    r = load_rubric(f)
    assert r.failure_cap == 50 and "record" in r.dimensions["fact_check"].steps
    assert r.penalties["lone_handling"] == {"firm_response": 70} and r.grade(70) == "合格"


def synopsis_words(line: str) -> list[str]:
    """A command line as a user would type it, from a synopsis: optional parts kept, the first alternative taken."""
    line = line.replace("\\|", "|").replace("[", " ").replace("]", " ").replace("…", "")
    return [w.split("|")[0] if w.startswith("-") or "|" in w else w for w in shlex.split(line)[1:]]


def command_lines(doc: str) -> list[str]:
    text = (DOCS.parent / doc).read_text(encoding="utf-8")
    lines = [line.split(" #")[0].strip() for b in blocks(text, "sh") for line in b.splitlines()]
    lines += re.findall(r"^\| `(kasuhara-sim[^`]*)` \|", text, flags=re.M)  # the README's tables of commands
    return [line for line in lines if line.startswith("kasuhara-sim")]


def check_command_line(words: list[str]) -> None:
    """Parse ``words`` with the real command's own option parsers: an unknown command or option raises a UsageError.
    Values are not converted (the files and numbers a synopsis names are placeholders)."""
    ctx = click.Context(cli, info_name="kasuhara-sim")
    _, rest, _ = cli.make_parser(ctx).parse_args(list(words))  # stops at the first word that is not an option
    if rest:
        cmd = cli.get_command(ctx, rest[0])
        if cmd is None:
            raise click.UsageError(f"no such command: {rest[0]}")
        sub = click.Context(cmd, info_name=rest[0], parent=ctx)
        cmd.make_parser(sub).parse_args(rest[1:])


@pytest.mark.parametrize("doc", ["docs/authoring.md", "docs/scoring.md", "docs/results.md", "README.md"])
def test_every_command_line_in_the_docs_exists(doc):
    lines = command_lines(doc)
    assert lines
    for line in lines:
        try:
            check_command_line(synopsis_words(line))
        except click.UsageError as e:
            raise AssertionError(f"{doc}: {line}: {e.format_message()}") from None


@pytest.mark.parametrize("line", ["kasuhara-sim plya kettle", "kasuhara-sim play kettle --choise 1,2",
                                  "kasuhara-sim --traine 山田 list", "kasuhara-sim report --format text\\|pdf -x"])
def test_the_command_line_check_rejects_what_the_command_would(line):
    with pytest.raises(click.UsageError):
        check_command_line(synopsis_words(line))


def test_the_readme_counts_the_built_in_library_as_it_is():
    # The README's figures fell behind once (16 scenarios when there were 32): they are counted from the library.
    import re

    from kasuhara_sim.format.library import load_library
    from kasuhara_sim.format.quiz import load_quiz

    ROOT = DOCS.parent
    lib = load_library()
    counts = [len(lib.scenarios)] + [len({getattr(s.scenario, key) for s in lib.scenarios})
                                     for key in ("category", "level", "channel", "industry")]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ja = re.search(r"(\d+) 本のシナリオ\((\d+) 分類・(\d+) レベル・(\d+) 窓口・(\d+) 業種\)", readme)
    en = re.search(r"(\d+) scenarios \((\d+) categories, (\d+) levels, (\d+) channels, (\d+) industries\)", readme)
    assert ja and en
    assert [int(n) for n in ja.groups()] == counts == [int(n) for n in en.groups()]
    quiz = sum(len(load_quiz(p).questions) for p in (ROOT / "scenarios" / "quiz").glob("*.yaml"))
    assert f"○×クイズ {quiz} 問" in readme and f"{quiz}-question" in readme
