"""All quiz questions found in the scenario sources (``quiz/`` folders)."""

from __future__ import annotations

from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError
from kasuhara_sim.format.library import exists, is_quiz_file, scenario_dirs, yaml_files
from kasuhara_sim.format.quiz import Question, load_quiz


def load_questions(extra_dirs=()) -> tuple[list[Question], list[Diagnostic]]:
    questions: list[Question] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for root in scenario_dirs(extra_dirs):
        if not exists(root):
            continue
        try:
            paths = yaml_files(root)
        except OSError:  # unreadable folder: load_library reports it
            continue
        for path in paths:
            if not is_quiz_file(path):
                continue
            try:
                bank = load_quiz(path)
            except ScenarioError as exc:
                problems += exc.diagnostics
                continue
            for q in bank.questions:
                if q.id not in seen:  # the same bank reachable twice (e.g. env var and --scenarios) counts once
                    seen.add(q.id)
                    questions.append(q)
    return questions, problems
