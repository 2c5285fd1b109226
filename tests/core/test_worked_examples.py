"""The worked-examples table of SCENARIO_FORMAT.md, parsed from the spec itself and played through the engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kasuhara_sim.engine import replay
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring import score_run

DATA = Path(__file__).parent.parent / "data"
SPEC = DATA / "SCENARIO_FORMAT.md"
SHARED_SPEC = Path(__file__).resolve().parents[3] / "shared" / "SCENARIO_FORMAT.md"


def worked_rows():
    text = SPEC.read_text(encoding="utf-8")
    section = text.split("## Worked examples", 1)[1]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 9 and re.fullmatch(r"[\d,]+", cells[0]):
            rows.append(cells)
    return rows


def test_table_is_found():
    assert len(worked_rows()) == 5


@pytest.mark.skipif(not SHARED_SPEC.exists(), reason="the shared spec folder is not beside this checkout")
def test_copies_match_the_shared_spec():
    # The test data is a copy of the contract; if the contract changes, this says so.
    assert SPEC.read_text(encoding="utf-8") == SHARED_SPEC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", SHARED_SPEC.read_text(encoding="utf-8"), re.S).group(1)
    assert (DATA / "kettle.yaml").read_text(encoding="utf-8") == example


@pytest.mark.parametrize("row", worked_rows(), ids=lambda r: r[0])
def test_worked_example(row, kettle_path):
    choices, path, outcome, empathy, fact, cancant, apology, total, grade = row[:9]
    sc = load_scenario(kettle_path).scenario
    run = replay(sc, [int(c) for c in choices.split(",")])
    assert run.finished
    assert " → ".join(run.path) == path
    assert run.outcome == outcome
    report = score_run(sc, run)
    assert report.scores == {"empathy": int(empathy), "fact_check": int(fact), "can_cant": int(cancant),
                             "limited_apology": int(apology)}
    assert report.total == int(total)
    assert report.grade == grade
