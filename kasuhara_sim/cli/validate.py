"""``kasuhara-sim validate``: load every file given (or scenario named by id), report problems with positions, analyse
best/worst totals. The analysis of each file is bounded in time (``VALIDATE_SECONDS``) as well as in states, and a
file with thousands of identical problems prints the first ``SHOWN_PER_CODE`` of each kind and a count of the rest."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.format.library import check_against_sources, check_unique, is_quiz_file, yaml_files
from kasuhara_sim.format.loader import LoadedScenario, load_scenario
from kasuhara_sim.format.quiz import load_quiz
from kasuhara_sim.format.yamlsource import path_problem
from kasuhara_sim.cli.common import capped
from kasuhara_sim import strings as S
from kasuhara_sim.strings import Cli, Load

VALIDATE_SECONDS = 1.2  # per scenario file, for the searches: an author waits for the answer at the terminal


def _looks_like_id(raw: str) -> bool:
    p = Path(raw)
    return p.suffix not in (".yaml", ".yml") and "/" not in raw and "\\" not in raw


def collect(paths, scenario_dirs=()) -> tuple[list[Path], list[Diagnostic]]:
    """Files to check: files as given, the YAML files of folders, and scenarios named by id (as ``play`` and
    ``graph`` take them) found in the library with ``scenario_dirs``."""
    files, problems = [], []
    library = None
    for raw in paths:
        p = Path(raw)
        try:
            if not p.exists() and _looks_like_id(str(raw)):
                if library is None:
                    from kasuhara_sim.format.library import load_library

                    library = load_library(scenario_dirs)
                found = library.by_id(str(raw))
                if found is not None:
                    files.append(Path(found.path))
                    continue
                problems.append(error(str(p), 1, 1, Cli.validate_not_found.format(name=raw), "not-found"))
            elif not p.exists():
                problems.append(error(str(p), 1, 1, Load.not_found, "not-found"))
            elif p.is_dir():
                found = yaml_files(p)
                if not found:
                    problems.append(error(str(p), 1, 1, Cli.no_files.format(path=p), "no-files"))
                files += found
            else:
                files.append(p)
        except OSError as exc:  # a name longer than the system allows, an unreadable folder
            problems.append(path_problem(str(p), exc))
    return files, problems


def check_files(paths, rubric, scenario_dirs=(), seconds: float | None = VALIDATE_SECONDS, clock=None):
    """Everything validate knows, as data: (diagnostics, loaded scenarios, analyses, naive strategies' results,
    quiz banks, file count). ``seconds`` bounds the searches of each scenario (None: only the state budget);
    ``clock`` is for tests."""
    import time

    from kasuhara_sim.analysis.naive import naive_results
    from kasuhara_sim.scoring.search import Deadline, analyse

    files, diags = collect(paths, scenario_dirs)
    loaded: list[LoadedScenario] = []
    quizzes = []
    for f in files:
        try:
            if is_quiz_file(f):
                quizzes.append((str(f), load_quiz(f)))
            else:
                loaded.append(load_scenario(f))
        except ScenarioError as exc:
            diags += exc.diagnostics
    diags += check_unique(loaded)
    diags += check_against_sources(loaded)
    # Processor time, not wall time: the same file gets the same answer on a machine busy with other work.
    deadlines = {ls.path: Deadline(seconds, clock or time.process_time) for ls in loaded}
    # The score search gets at most 60% of a file's time; the situations the lint explores get the rest.
    analyses = {ls.path: analyse(ls.scenario, rubric, deadline=deadlines[ls.path].slice(0.6 * seconds)
                                 if seconds is not None else deadlines[ls.path]) for ls in loaded}
    naive = {ls.path: naive_results(ls.scenario, rubric) for ls in loaded}
    diags += lint_all(loaded, analyses, rubric, naive, deadlines)
    return sorted(set(diags)), loaded, analyses, naive, quizzes, len(files)


def lint_all(loaded, analyses, rubric, naive, deadlines=None) -> list[Diagnostic]:
    try:
        from kasuhara_sim.analysis.lint import lint
    except ImportError:  # the deep lint module is optional for the core
        return []
    from kasuhara_sim.scoring.search import NEVER

    out: list[Diagnostic] = []
    for ls in loaded:
        out += lint(ls, rubric, analyses[ls.path], naive=naive[ls.path],
                    deadline=(deadlines or {}).get(ls.path, NEVER))
    return out


def run_validate(paths, rubric, as_json: bool = False, strict: bool = False, scenario_dirs=()) -> int:
    diags, loaded, analyses, naive, quizzes, nfiles = check_files(paths, rubric, scenario_dirs)
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if as_json:
        out = {
            "ok": not failed, "files": nfiles, "errors": errors, "warnings": warnings,
            "diagnostics": [d.to_dict() for d in diags],
            "scenarios": [{"id": ls.id, "path": ls.path, **{k: v for k, v in analyses[ls.path].to_dict().items()
                                                            if k != "scenario"},
                           "naive": {r.strategy: {k: v for k, v in r.to_dict().items() if k != "strategy"}
                                     for r in naive[ls.path]}} for ls in loaded],
            "quizzes": [{"path": p, "questions": len(b.questions)} for p, b in quizzes],
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for line in capped(diags):
            click.echo(line)
        for ls in loaded:
            a = analyses[ls.path]
            line = Cli.validate_scenario_line.format(path=ls.path, id=ls.id, best=_fmt(a.best_total),
                                                     worst=_fmt(a.worst_total))
            click.echo(line + (Cli.validate_bound if a.bound_hit else ""))
            # The paths to replay with ``play --choices``, and the nodes they pass through.
            for label, total, path in ((Cli.validate_best, a.best_total, a.best_path),
                                       (Cli.validate_worst, a.worst_total, a.worst_path)):
                if total is not None:
                    click.echo(Cli.validate_path.format(label=label, total=total, path=_picks(path),
                                                        nodes=_nodes(ls.scenario, path)))
        click.echo(Cli.validate_summary.format(files=nfiles, errors=errors, warnings=warnings)
                   + ("" if diags else S.SENTENCE_SEP + Cli.validate_ok))
    return 1 if failed else 0


def _fmt(v) -> str:
    return "—" if v is None else str(v)


def _picks(path: list[int]) -> str:
    return ",".join(map(str, path)) if path else Cli.validate_no_reply


def _nodes(scenario, path: list[int]) -> str:
    from kasuhara_sim.engine.run import replay

    try:
        return Cli.validate_node_sep.join(replay(scenario, path).path)
    except Exception:  # a path from the search always replays; if not, the numbers alone still help
        return ""
