"""The instructor documentation stays true: its example validates, its tables match the code, its commands exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

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


@pytest.mark.parametrize("doc", ["authoring.md", "scoring.md"])
def test_every_command_line_in_the_docs_exists(doc):
    text = (DOCS / doc).read_text(encoding="utf-8")
    lines = [line.split("#")[0].strip() for b in blocks(text, "sh") for line in b.splitlines()]
    lines = [line for line in lines if line.startswith("kasuhara-sim")]
    assert lines
    group_opts = {o for p in cli.params for o in p.opts}
    for line in lines:
        words = shlex.split(line)[1:]
        opts = [w.split("=")[0] for w in words if w.startswith("-")]
        sub = next((w for w in words if not w.startswith("-") and w not in ("my-scenarios",)), None)
        names = cli.list_commands(None)
        if sub in names and words.index(sub) == 0:
            cmd = cli.get_command(None, sub)
            known = {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)} | {"--help", "-h"}
        else:
            known = group_opts
        assert set(opts) <= known, line
