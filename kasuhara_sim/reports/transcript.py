"""A played run as a Markdown transcript: the conversation, the score, every point lost and the debrief.

Core code (no Textual): the TUI's "save" key calls it, and so can any other front end. Trainees keep these files or
hand them to their instructor, so the text reads as a document, not as a log dump.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from kasuhara_sim import strings as S
from kasuhara_sim.display import format_elapsed
from kasuhara_sim.format.model import Scenario
from kasuhara_sim.reports.result import free_lines, no_losses, order_line, turn_mark
from kasuhara_sim.scoring.score import ScoreReport
from kasuhara_sim.strings import Export as E

SUFFIX = ".md"

# Characters that would otherwise start emphasis, links, HTML or table cells in scenario text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
# Markers that only mean something at the start of a line: headings, bullets, numbered lists.
_LINE_START = re.compile(r"^(\s*)([#+\-])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Scenario text shown literally, whatever an instructor wrote."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _NUMBERED.sub(r"\1\\\2", text)


def default_filename(scenario_id: str, when: datetime) -> str:
    return f"kasuhara-{scenario_id}-{when:%Y%m%d-%H%M%S}{SUFFIX}"


def transcript_markdown(scenario: Scenario, run, report: ScoreReport, *, mode: str | None = None,
                        trainee: str | None = None, played_at: datetime | None = None,
                        elapsed: float | None = None) -> str:
    """The whole run as Markdown. ``run`` is an engine Run (finished or abandoned) and ``report`` its score."""
    label = {d.dimension: d.label for d in report.dimensions}
    outcome = (f"{S.OUTCOMES[report.outcome]}({S.OUTCOME_DESCRIPTIONS[report.outcome]})"
               if report.outcome else S.Report.unfinished)
    out: list[str] = [f"# {escape(scenario.title)}", ""]
    meta = [(E.scenario, f"`{scenario.id}`")]
    if trainee:
        meta.append((E.trainee, escape(trainee)))
    if played_at:
        meta.append((E.played_at, played_at.strftime(E.date_format)))
    if mode:
        meta.append((E.mode, S.MODES.get(mode, mode)))
    if elapsed is not None:
        meta.append((E.elapsed, format_elapsed(elapsed)))
    if report.timed:
        meta.append((S.Timed.meta, S.Timed.meta_value.format(seconds=report.timed)))
    if getattr(run, "seed", None) is not None:
        meta.append((E.seed, E.seed_value.format(seed=run.seed)))
    meta += [(E.turns, str(len(run.transcript))), (E.outcome, outcome),
             (E.total, E.total_value.format(total=report.total, grade=report.grade))]
    out += [f"- **{k}**: {v}" for k, v in meta]

    out += ["", f"## {S.Report.dimensions}", "", f"| {E.dimension} | {E.score} |", "|---|---:|"]
    out += [f"| {escape(d.label)} | {d.score} |" for d in report.dimensions]

    yours = order_line(report.order_groups, lambda d: label.get(d, d))
    basic = order_line(report.order_basic, lambda d: label.get(d, d))
    out += ["", f"## {S.Report.order}", "", f"- {S.Score.order_yours}: {escape(yours)}",
            f"- {S.Score.order_basic}: {escape(basic)}"]

    out += ["", f"## {S.Report.breakdown}", ""]
    for kind, points, words in report.breakdown():
        amount = str(points) if kind == "mean" else f"= {points}" if kind == "total" else f"−{-points}"
        out.append(f"- {amount}: {escape(words)}")

    out += ["", f"## {S.Report.losses}", ""]
    losses = [f"- {escape(d.label)} −{loss.effective}: {escape(loss.reason)}" for d in report.dimensions
              for loss in d.losses]
    out += losses or [no_losses(report)]

    out += ["", f"## {E.conversation}", ""]
    name = escape(scenario.persona.name)
    for turn, review in zip(run.transcript, report.turns):
        node = scenario.nodes[turn.node]
        out += [f"### {S.Report.turn.format(n=turn.number)}", ""]
        if node.narration:
            out += [f"*{escape(node.narration)}*", ""]
        said = turn.say or node.say  # the line as this run showed it
        if said:
            out += [f"**{name}** {escape(said)}", ""]
        for p in turn.pressed:  # timed mode: the customer pressed while the trainee had not replied
            out += [f"*{S.Timed.pressed}* **{name}** {escape(p['line'])}"
                    f"({E.anger} {p['anger_before']} → {p['anger_after']})", ""]
        out += [f"**{S.YOU}** {escape(turn.text)}", ""]
        if turn.reaction:
            out += [f"**{name}** {escape(turn.reaction)}", ""]
        tags = [S.STEPS.get(s, s) for s in turn.steps] + [S.NG_TAGS.get(n, n) for n in turn.ng]
        mark = turn_mark(review)
        out.append(f"- {mark} {escape(' / '.join(tags)) if tags else E.no_tags}"
                   f"({E.anger} {turn.anger_before} → {turn.anger_after})")
        out += [f"- {escape(line)}" for line in free_lines(review)]
        if turn.feedback:  # none for a typed reply whose tags differ from the reply it was taken as
            out.append(f"- {S.Report.feedback_label}: {escape(turn.feedback)}")
        if review.better_text:
            better = escape(review.better_text)
            if review.better_feedback:
                better += f" — {escape(review.better_feedback)}"
            out.append(f"- {S.Report.better.format(text=better)}")
        out.append("")
    if run.finished:
        end = run.node
        out += [f"### {E.ending}", ""]
        if end.narration:
            out += [f"*{escape(end.narration)}*", ""]
        if run.say:
            out += [f"**{name}** {escape(run.say)}", ""]
    else:
        out += [E.abandoned, ""]

    curve = " → ".join(str(a) for a in report.anger_curve)
    out += [f"## {S.Report.anger}", "", curve, ""]
    if report.debrief:
        out += [f"## {E.debrief}", "", escape(report.debrief), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def resolve_target(target: str | Path | None, default_name: str, cwd: Path | None = None) -> Path:
    """Where a transcript goes: the default name in ``cwd`` (or inside a given folder), else the path given.

    A relative path is taken from ``cwd``; ``~`` is expanded; a name without ``.md`` gets it.
    """
    base = Path(cwd) if cwd is not None else Path.cwd()
    if target is None or not str(target).strip():
        return (base / default_name).resolve()
    p = Path(str(target).strip()).expanduser()
    if not p.is_absolute():
        p = base / p
    if p.is_dir() or str(target).strip().endswith(("/", "\\")):
        return (p / default_name).resolve()
    if p.suffix.lower() != SUFFIX:
        p = p.with_name(p.name + SUFFIX)
    return p.resolve()


def write_markdown(text: str, path: Path, overwrite: bool = False) -> Path:
    """Write ``text`` to ``path`` (UTF-8). Raises FileExistsError rather than replace a file unasked,
    FileNotFoundError if the folder does not exist, and other OSErrors as they come."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(str(path))
    with open(path, "w" if overwrite else "x", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path
