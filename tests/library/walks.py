"""The built-in library walked once per test process: every playthrough of every scenario, replayed by the engine and
scored. Walking and scoring ~170,000 playthroughs is the costliest work of the suite; the depth rules
(test_library) and the second edition's rules (test_second_edition) read the same walks instead of replaying them
twice. Tests that share a scenario's walks carry its ``xdist_group`` so that they run in one process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest

from kasuhara_sim.engine import replay
from kasuhara_sim.format.library import load_library
from kasuhara_sim.scoring import score_run
from kasuhara_sim.scoring.search import analyse, playthroughs

LIB = load_library(include_builtin=True)
SCENARIOS = sorted(LIB.scenarios, key=lambda s: s.id)
BY_ID = {s.id: s for s in SCENARIOS}
WALK_LIMIT = 20_000


@dataclass(frozen=True)
class Walk:
    picks: list[int]
    path: list[str]
    outcome: str
    ng: frozenset[str]  # every NG tag of the run, as the engine recorded it
    total: int  # the scorer's total for the run (no better-reply search)


@cache
def walks(sid: str) -> tuple[Walk, ...]:
    """Every playthrough of a scenario (a deterministic depth-first walk, bounded by WALK_LIMIT), replayed and scored."""
    sc = BY_ID[sid].scenario
    out = []
    for picks, path, outcome in playthroughs(sc, limit=WALK_LIMIT):
        run = replay(sc, picks)
        out.append(Walk(picks, path, outcome, frozenset(tag for t in run.transcript for tag in t.ng),
                        score_run(sc, run, better_replies=False).total))
    return tuple(out)


@cache
def analysis(sid: str):
    return analyse(BY_ID[sid].scenario)


def per_scenario(test):
    """Parametrize ``loaded`` over the library, each scenario in its own xdist group (its walks are computed once)."""
    params = [pytest.param(s, id=s.id, marks=pytest.mark.xdist_group(f"walks-{s.id}")) for s in SCENARIOS]
    return pytest.mark.parametrize("loaded", params)(test)
