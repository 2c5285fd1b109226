"""One typed reply taken into a run: recognised, matched to an authored reply shown, and chosen with its own tags.
Shared by ``play --plain --free`` and the TUI, so both take a typed reply the same way."""

from __future__ import annotations

from kasuhara_sim.engine.free import match_reply
from kasuhara_sim.understand.recognise import Recognition


def take(run, rec: Recognition):
    """Choose, in ``run``, the reply shown that ``rec`` (a recognised typed reply) is taken as; returns the Turn."""
    vc = match_reply(run.visible_choices(), rec.steps, rec.ng, rec.text)
    return run.choose(vc.number, performed=(rec.steps, rec.ng), text=rec.text,
                      evidence=[e.as_dict() for e in rec.evidence], advice=[a.as_dict() for a in rec.advice])


def spans(text: str, evidence) -> list[tuple[int, int]]:
    """The character ranges of ``text`` that showed a tag (dicts or Evidence), overlaps merged, in order."""
    got = sorted((int(_get(e, "start")), int(_get(e, "end"))) for e in evidence)
    out: list[list[int]] = []
    for a, b in got:
        if not 0 <= a < b <= len(text):
            continue
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def marked(text: str, evidence, open_: str = "「", close: str = "」") -> str:
    """``text`` with the words that showed a tag between ``open_`` and ``close`` (plain text has no underline)."""
    out, at = [], 0
    for a, b in spans(text, evidence):
        out += [text[at:a], open_, text[a:b], close]
        at = b
    out.append(text[at:])
    return "".join(out)


def _get(e, key):
    return e[key] if isinstance(e, dict) else getattr(e, key)
