"""Where scenarios come from: the built-ins, ``--scenarios DIR`` and ``KASUHARA_SIM_SCENARIOS``.

Files inside a folder named ``quiz`` are quiz banks, not scenarios.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kasuhara_sim.format.cache import load_cached
from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.format.loader import LoadedScenario, load_scenario
from kasuhara_sim.format.yamlsource import path_problem
from kasuhara_sim.strings import Load

ENV_VAR = "KASUHARA_SIM_SCENARIOS"
QUIZ_DIR = "quiz"
SUFFIXES = (".yaml", ".yml")


PACKAGED = "_scenarios"  # the built-ins' folder inside an installed package (see pyproject's force-include)


def builtin_dir() -> Path:
    """The shipped scenarios: inside the installed package, or the repository's ``scenarios/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / PACKAGED
    if packaged.is_dir():
        return packaged
    return here.parent / "scenarios"


def scenario_dirs(extra: list[str] | tuple[str, ...] = (), include_builtin: bool = True) -> list[Path]:
    dirs = [builtin_dir()] if include_builtin else []
    dirs += [Path(d) for d in extra]
    env = os.environ.get(ENV_VAR, "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return dirs


def exists(path: Path) -> bool:
    """``Path.exists`` that answers False instead of raising for a name the system cannot hold (the loader then
    says so in one line)."""
    try:
        return path.exists()
    except OSError:
        return False


def is_quiz_file(path: Path) -> bool:
    return QUIZ_DIR in path.parent.parts[-1:]


def yaml_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file())


@dataclass
class Library:
    scenarios: list[LoadedScenario] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    quiz_files: list[Path] = field(default_factory=list)

    def by_id(self, sid: str) -> LoadedScenario | None:
        return next((s for s in self.scenarios if s.id == sid), None)


def check_unique(loaded: list[LoadedScenario]) -> list[Diagnostic]:
    seen: dict[str, LoadedScenario] = {}
    out = []
    for ls in loaded:
        if ls.id in seen:
            line, col = ls.source.value_pos(("id",))
            out.append(error(ls.path, line, col, Load.duplicate_id.format(id=ls.id, other=seen[ls.id].path),
                             "duplicate-id"))
        else:
            seen[ls.id] = ls
    return out


def check_against_sources(loaded: list[LoadedScenario], extra_dirs=()) -> list[Diagnostic]:
    """Ids of the files being checked that a scenario the tool also loads (the built-ins, ``--scenarios``,
    ``KASUHARA_SIM_SCENARIOS``) already uses: such a file passes on its own, then vanishes from the library."""
    def key(path) -> Path:
        try:
            return Path(path).resolve()
        except OSError:
            return Path(path)

    mine = {key(ls.path) for ls in loaded}
    others: dict[str, str] = {}
    # The repository's scenarios/ checked by an installed tool, whose packaged copy of the same files is loaded too, is
    # not a clash. Any other file with a built-in's id is, even an identical copy: it vanishes from the library.
    packaged: dict[str, tuple[str, str]] = {}
    for root in scenario_dirs(extra_dirs):
        try:
            paths = yaml_files(root) if root.exists() else []
        except OSError:
            continue
        for path in paths:
            if is_quiz_file(path) or key(path) in mine:
                continue
            try:
                other = load_scenario(path)
            except ScenarioError:
                continue
            others.setdefault(other.id, str(path))
            if PACKAGED in Path(path).parts:
                packaged.setdefault(other.id, (Path(path).name, other.sha256))
    out = []
    for ls in loaded:
        if packaged.get(ls.id) == (Path(ls.path).name, ls.sha256) and Path(ls.path).parent.name == "scenarios":
            continue
        if ls.id in others:
            line, col = ls.source.value_pos(("id",))
            out.append(error(ls.path, line, col, Load.duplicate_id.format(id=ls.id, other=others[ls.id]),
                             "duplicate-id"))
    return out


def load_library(extra_dirs=(), include_builtin: bool = True) -> Library:
    """Load every scenario found; broken files become problems, the rest stay usable."""
    lib = Library()
    for root in scenario_dirs(extra_dirs, include_builtin):
        try:
            if not root.exists():
                lib.problems.append(error(str(root), 1, 1, Load.not_found, "not-found"))
                continue
            paths = yaml_files(root)
        except OSError as exc:  # e.g. a folder name longer than the system allows
            lib.problems.append(path_problem(str(root), exc))
            continue
        for path in paths:
            if is_quiz_file(path):
                lib.quiz_files.append(path)
                continue
            try:
                lib.scenarios.append(load_cached(path, load_scenario))  # unchanged files: parsed last time
            except ScenarioError as exc:
                lib.problems.extend(exc.diagnostics)
    dups = check_unique(lib.scenarios)
    if dups:
        lib.problems.extend(dups)
        bad = {(d.path) for d in dups}
        lib.scenarios = [s for s in lib.scenarios if s.path not in bad]
    return lib
