"""``kasuhara-sim validate``: load every file given, report problems with positions, analyse best/worst totals."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.format.library import check_against_sources, check_unique, is_quiz_file, yaml_files
from kasuhara_sim.format.loader import LoadedScenario, load_scenario
from kasuhara_sim.format.quiz import load_quiz
from kasuhara_sim.format.yamlsource import path_problem
from kasuhara_sim.strings import Cli, Load


def collect(paths) -> tuple[list[Path], list[Diagnostic]]:
    files, problems = [], []
    for raw in paths:
        p = Path(raw)
        try:
            if not p.exists():
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


def check_files(paths, rubric):
    """Everything validate knows, as data: (diagnostics, loaded scenarios, analyses, naive strategies' results,
    quiz banks, file count)."""
    from kasuhara_sim.analysis.naive import naive_results
    from kasuhara_sim.scoring.search import analyse

    files, diags = collect(paths)
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
    analyses = {ls.path: analyse(ls.scenario, rubric) for ls in loaded}
    naive = {ls.path: naive_results(ls.scenario, rubric) for ls in loaded}
    diags += lint_all(loaded, analyses, rubric, naive)
    return sorted(set(diags)), loaded, analyses, naive, quizzes, len(files)


def lint_all(loaded, analyses, rubric, naive) -> list[Diagnostic]:
    try:
        from kasuhara_sim.analysis.lint import lint
    except ImportError:  # the deep lint module is optional for the core
        return []
    out: list[Diagnostic] = []
    for ls in loaded:
        out += lint(ls, rubric, analyses[ls.path], naive=naive[ls.path])
    return out


def run_validate(paths, rubric, as_json: bool = False, strict: bool = False) -> int:
    diags, loaded, analyses, naive, quizzes, nfiles = check_files(paths, rubric)
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
        for d in diags:
            click.echo(d.format())
        for ls in loaded:
            a = analyses[ls.path]
            line = Cli.validate_scenario_line.format(path=ls.path, id=ls.id, best=_fmt(a.best_total),
                                                     worst=_fmt(a.worst_total))
            click.echo(line + (Cli.validate_bound if a.bound_hit else ""))
        click.echo(Cli.validate_summary.format(files=nfiles, errors=errors, warnings=warnings)
                   + ("" if diags else "。" + Cli.validate_ok))
    return 1 if failed else 0


def _fmt(v) -> str:
    return "—" if v is None else str(v)
