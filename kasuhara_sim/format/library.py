"""Where scenarios come from: the built-ins, ``--scenarios DIR`` and ``KASUHARA_SIM_SCENARIOS``.

Files inside a folder named ``quiz`` are quiz banks, not scenarios.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from kasuhara_sim.format.cache import load_cached, write_listing
from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.strings import Load

if TYPE_CHECKING:
    from kasuhara_sim.format.loader import LoadedScenario

ENV_VAR = "KASUHARA_SIM_SCENARIOS"
QUIZ_DIR = "quiz"
SUFFIXES = (".yaml", ".yml")
PACKAGED = "_scenarios"  # the built-ins' folder inside an installed package (see pyproject's force-include)


def load_scenario(path: Path | str) -> LoadedScenario:
    """The loader's ``load_scenario``, imported on first use: this module is imported before the TUI's first frame
    (for the library's listing, below), and the loader brings pydantic and YAML with it."""
    from kasuhara_sim.format.loader import load_scenario as load

    return load(path)


def path_problem(path: str, exc: OSError) -> Diagnostic:
    from kasuhara_sim.format.yamlsource import path_problem as problem

    return problem(path, exc)


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
    roots = scenario_dirs(extra_dirs, include_builtin)
    for root in roots:
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
    if not lib.problems:
        write_listing(_listing_key(roots), {"files": _stamps(roots), "quiz": [str(p) for p in lib.quiz_files],
                                            "scenarios": [_heading(ls) for ls in lib.scenarios]})
    return lib


# --- the listing: what the library table shows, read before pydantic and YAML are imported ----------------------
@dataclass(frozen=True)
class PersonaHeading:
    name: str


@dataclass(frozen=True)
class Heading:
    """The fields of a scenario that the library table and its search use."""

    id: str
    title: str
    summary: str
    category: str
    level: str
    channel: str
    minutes: int | None
    industry: str | None
    persona: PersonaHeading


@dataclass(frozen=True)
class Listed:
    """A scenario as the listing knows it: a stand-in for a LoadedScenario in the library table until the library
    itself is loaded (``load()`` reads this one file)."""

    scenario: Heading
    path: str

    @property
    def id(self) -> str:
        return self.scenario.id

    def load(self) -> LoadedScenario:
        return load_cached(self.path, load_scenario)


def _listing_key(roots: list[Path]) -> tuple:
    return tuple(str(r) for r in roots)


def _stamps(roots: list[Path]) -> list[list]:
    """[path, size, mtime_ns] of every YAML file under ``roots``, in the order the library reads them."""
    out = []
    for root in roots:
        for path in yaml_files(root):
            st = path.stat()
            out.append([str(path), st.st_size, st.st_mtime_ns])
    return out


def _heading(ls: LoadedScenario) -> dict:
    sc = ls.scenario
    return {"path": ls.path, "id": sc.id, "title": sc.title, "summary": sc.summary, "category": sc.category,
            "level": sc.level, "channel": sc.channel, "minutes": sc.minutes, "industry": sc.industry,
            "persona": sc.persona.name}


def listed_library(extra_dirs=(), include_builtin: bool = True) -> Library | None:
    """The library as it was when last loaded in full, if no scenario file has been added, removed or changed since
    (by path, size and modification time) and it loaded without problems; None otherwise. Its scenarios are
    ``Listed``: enough to show the table, not to play."""
    from kasuhara_sim.format.cache import read_listing

    roots = scenario_dirs(extra_dirs, include_builtin)
    data = read_listing(_listing_key(roots))
    if data is None:
        return None
    try:
        if data["files"] != _stamps(roots):
            return None
        scenarios = [Listed(Heading(d["id"], d["title"], d["summary"], d["category"], d["level"], d["channel"],
                                    d["minutes"], d["industry"], PersonaHeading(d["persona"])), d["path"])
                     for d in data["scenarios"]]
        return Library(scenarios=scenarios, quiz_files=[Path(p) for p in data["quiz"]])
    except (OSError, KeyError, TypeError, ValueError):  # a folder gone, or a listing of another shape
        return None
