"""Stored runs as xAPI 1.0.3 statements, ready to POST to a Learning Record Store.

One statement per run and one per turn (and likewise for ○× quizzes), linked by ``context.registration`` (the run's
UUID), so that an LRS can show both the outcome of an attempt and which reply was chosen at each turn.

Verbs (ADL vocabulary):
- a finished run in test mode (本番) is ``passed`` or ``failed``: passed means the ending is not a failure and the
  total reaches the pass mark (one above the rubric's failure cap, 60 by default, i.e. grade C or better);
- a finished run in practice mode (練習) is ``completed``; it still carries ``result.success``;
- a run left before an ending is ``exited`` (completion false, no score);
- each reply is ``answered``, on a ``cmi.interaction`` of type ``choice`` that lists every reply of the node.
A run still in progress (or killed) has only its turn statements.

Statement ids are name-based UUIDs derived from the run's UUID, so exporting the same runs twice sends the same ids and
an LRS keeps one copy. Activity IRIs and extension keys live under ``--base`` (set it to an IRI your organisation
controls); the actor is an ``account`` on ``--homepage`` named after the trainee, or an ``mbox`` when the trainee's
name is an e-mail address.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://kasuhara-sim.example/xapi/"
DEFAULT_HOMEPAGE = "https://kasuhara-sim.example/"
LANG = "ja-JP"

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
VERB_DISPLAY = {
    "completed": {"en-US": "completed", "ja-JP": "完了した"},
    "passed": {"en-US": "passed", "ja-JP": "合格した"},
    "failed": {"en-US": "failed", "ja-JP": "不合格だった"},
    "answered": {"en-US": "answered", "ja-JP": "回答した"},
    "exited": {"en-US": "exited", "ja-JP": "中断した"},
}
ACTIVITY_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
ACTIVITY_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ACTIVITY_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
ACTIVITY_COURSE = "http://adlnet.gov/expapi/activities/course"

# A fixed namespace: the same run always yields the same statement ids.
NAMESPACE = uuid.UUID("6f1c5a0e-3d5e-4c44-9a53-5b9a3c0f6b21")
_EMAIL = re.compile(r"^[^@\s:]+@[^@\s:]+\.[^@\s:]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/]+")


def valid_base(iri: str) -> bool:
    return bool(_SCHEME.match(iri or "")) and not any(c.isspace() for c in iri)


class Vocabulary:
    """The IRIs of one export, all under ``base``."""

    def __init__(self, base: str = DEFAULT_BASE, homepage: str = DEFAULT_HOMEPAGE):
        self.base = base if base.endswith("/") else base + "/"
        self.homepage = homepage

    def course(self) -> str:
        return self.base + "course"

    def scenario(self, scenario_id: str) -> str:
        return self.base + "scenarios/" + quote(scenario_id, safe="-_.")

    def node(self, scenario_id: str, node: str) -> str:
        return self.scenario(scenario_id) + "/nodes/" + quote(node, safe="-_.")

    def quiz(self) -> str:
        return self.base + "quiz"

    def question(self, question_id: str) -> str:
        return self.base + "quiz/questions/" + quote(question_id, safe="-_.")

    def ext(self, name: str) -> str:
        return self.base + "extensions/" + name

    def dimension(self, dimension: str) -> str:
        return self.ext("dimension/" + quote(dimension, safe="-_."))


def verb(name: str) -> dict:
    return {"id": ADL_VERBS + name, "display": dict(VERB_DISPLAY[name])}


def actor(name: str, vocab: Vocabulary) -> dict:
    if _EMAIL.match(name):
        local, domain = name.rsplit("@", 1)
        return {"objectType": "Agent", "name": name, "mbox": f"mailto:{local}@{domain.lower()}"}
    return {"objectType": "Agent", "name": name, "account": {"homePage": vocab.homepage, "name": name}}


def duration(seconds: float) -> str:
    """ISO 8601 duration (the PnYnMnDTnHnMnS form), to 0.01 s as xAPI recommends: 134.5 -> PT2M14.5S."""
    cs = max(0, round(seconds * 100))
    hours, cs = divmod(cs, 360_000)
    minutes, cs = divmod(cs, 6_000)
    secs = f"{cs // 100}.{cs % 100:02d}".rstrip("0").rstrip(".")
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs != "0" or out == "PT":
        out += f"{secs}S"
    return out


def _lang(text: str) -> dict:
    return {LANG: text}


def _sid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _scenario_activity(run, vocab: Vocabulary, full: bool = True) -> dict:
    act = {"objectType": "Activity", "id": vocab.scenario(run.scenario_id)}
    if full:
        definition = {"name": _lang(run.scenario_title), "type": ACTIVITY_SIMULATION}
        if run.scenario_summary:
            definition["description"] = _lang(run.scenario_summary)
        act["definition"] = definition
    return act


def _course(vocab: Vocabulary) -> dict:
    from kasuhara_sim.strings import APP_SUBTITLE

    return {"objectType": "Activity", "id": vocab.course(),
            "definition": {"name": _lang(APP_SUBTITLE), "type": ACTIVITY_COURSE}}


def _context(run, vocab: Vocabulary, parent: bool, extra: dict | None = None) -> dict:
    ctx: dict = {
        "registration": run.uuid,
        "contextActivities": {"grouping": [_course(vocab)]},
        "revision": run.scenario_sha256[:12],
        "platform": f"kasuhara-sim {run.app_version}",
        "language": LANG,
        "extensions": {
            vocab.ext("mode"): run.mode,
            vocab.ext("scenario-sha256"): run.scenario_sha256,
            vocab.ext("rubric"): run.rubric_name,
            # The seed that chose the lines and the reply order: with the scenario revision, the run can be shown again.
            **({vocab.ext("seed"): run.seed} if run.seed is not None else {}),
            # The workshop session (serve --session): an LRS that gathers several rooms can tell them apart.
            **({vocab.ext("session"): run.session} if run.session else {}),
            **(extra or {}),
        },
    }
    if parent:
        ctx["contextActivities"]["parent"] = [_scenario_activity(run, vocab, full=False)]
    return ctx


def run_statement(run, vocab: Vocabulary) -> dict | None:
    """The statement for the run as a whole (None while it is still in progress)."""
    if run.status == "in_progress":
        return None
    result: dict = {"completion": run.finished}
    if run.duration_seconds is not None:
        result["duration"] = duration(run.duration_seconds)
    if run.finished:
        name = ("passed" if run.passed else "failed") if run.mode == "test" else "completed"
        result["score"] = {"scaled": round(run.total / 100, 4), "raw": run.total, "min": 0, "max": 100}
        result["success"] = bool(run.passed)
        ext = {vocab.dimension(d.dimension): d.score for d in run.dimensions}
        ext[vocab.ext("outcome")] = run.outcome
        ext[vocab.ext("grade")] = run.grade
        ext[vocab.ext("turns")] = run.turn_count
        result["extensions"] = ext
    else:
        name = "exited"
        result["extensions"] = {vocab.ext("turns"): run.turn_count}
    return {
        "id": _sid(run.uuid, "run"),
        "actor": actor(run.trainee, vocab),
        "verb": verb(name),
        "object": _scenario_activity(run, vocab),
        "result": result,
        "context": _context(run, vocab, parent=False),
        "timestamp": run.ended_at or run.started_at,
        "version": XAPI_VERSION,
    }


def turn_statement(run, turn, vocab: Vocabulary) -> dict:
    """The statement for one reply: the node as a choice interaction, the chosen reply as the response."""
    definition: dict = {
        "name": _lang(f"{run.scenario_title} — {turn.node}"),
        "type": ACTIVITY_INTERACTION,
        "interactionType": "choice",
    }
    if turn.prompt:
        definition["description"] = _lang(turn.prompt)
    if turn.choices:
        definition["choices"] = [{"id": f"choice-{i + 1}", "description": _lang(text)}
                                 for i, text in enumerate(turn.choices)]
    result = {
        "response": f"choice-{turn.choice_index + 1}",
        "success": not turn.ng,
        "extensions": {
            vocab.ext("reply"): turn.text,
            vocab.ext("steps"): list(turn.steps),
            vocab.ext("ng"): list(turn.ng),
            vocab.ext("anger-before"): turn.anger_before,
            vocab.ext("anger-after"): turn.anger_after,
        },
    }
    return {
        "id": _sid(run.uuid, "turn", turn.number),
        "actor": actor(run.trainee, vocab),
        "verb": verb("answered"),
        "object": {"objectType": "Activity", "id": vocab.node(run.scenario_id, turn.node), "definition": definition},
        "result": result,
        "context": _context(run, vocab, parent=True, extra={vocab.ext("turn"): turn.number}),
        "timestamp": turn.at,
        "version": XAPI_VERSION,
    }


def quiz_statements(quiz, vocab: Vocabulary) -> list[dict]:
    """One ``answered`` statement per ○× answer (a true-false interaction) and one for the quiz as a whole."""
    from kasuhara_sim.strings import Quiz as Q

    who = actor(quiz.trainee, vocab)
    platform = f"kasuhara-sim {quiz.app_version}"
    parent = {"objectType": "Activity", "id": vocab.quiz()}
    out = []
    for a in quiz.answers:
        out.append({
            "id": _sid(quiz.uuid, "answer", a.number),
            "actor": who,
            "verb": verb("answered"),
            "object": {"objectType": "Activity", "id": vocab.question(a.question_id), "definition": {
                "name": _lang(a.topic), "description": _lang(a.statement), "type": ACTIVITY_INTERACTION,
                "interactionType": "true-false", "correctResponsesPattern": ["true" if a.answer else "false"]}},
            "result": {"response": "true" if a.given else "false", "success": a.correct},
            "context": {"registration": quiz.uuid, "platform": platform, "language": LANG,
                        "contextActivities": {"parent": [parent], "grouping": [_course(vocab)]}},
            "timestamp": a.at,
            "version": XAPI_VERSION,
        })
    if quiz.status != "in_progress":
        answered = len(quiz.answers)
        result: dict = {"completion": quiz.status == "finished"}
        if quiz.ended_at:
            from kasuhara_sim.store.db import parse_time

            result["duration"] = duration((parse_time(quiz.ended_at) - parse_time(quiz.started_at)).total_seconds())
        if answered:
            result["score"] = {"scaled": round(quiz.correct / answered, 4), "raw": quiz.correct, "min": 0,
                               "max": answered}
        out.append({
            "id": _sid(quiz.uuid, "quiz"),
            "actor": who,
            "verb": verb("completed" if quiz.status == "finished" else "exited"),
            "object": {"objectType": "Activity", "id": vocab.quiz(),
                       "definition": {"name": _lang(Q.title), "type": ACTIVITY_ASSESSMENT}},
            "result": result,
            "context": {"registration": quiz.uuid, "contextActivities": {"grouping": [_course(vocab)]},
                        "platform": platform, "language": LANG},
            "timestamp": quiz.ended_at or quiz.started_at,
            "version": XAPI_VERSION,
        })
    return out


def statements(runs, quizzes=(), vocab: Vocabulary | None = None) -> list[dict]:
    """All statements of ``runs`` (RunRecords with details) and ``quizzes``, oldest first."""
    vocab = vocab or Vocabulary()
    out: list[dict] = []
    for run in runs:
        out += [turn_statement(run, t, vocab) for t in run.turns]
        st = run_statement(run, vocab)
        if st is not None:
            out.append(st)
    for quiz in quizzes:
        out += quiz_statements(quiz, vocab)
    out.sort(key=lambda s: s["timestamp"])  # stable: a run's statement follows its last turn at the same instant
    return out

