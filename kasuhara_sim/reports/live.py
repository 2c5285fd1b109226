"""The room as it is now, for the instructor's live view (``serve``'s /instructor page) and ``watch``.

Read from the results database alone: turns are written as they are chosen, so who is at which turn and how angry
the customer is right now are already there, and several servers or terminals can watch one session. A run whose
tab was closed without a word stays "in progress" in the store; only each trainee's newest such run is shown as
playing, with how long ago it last moved.
"""

from __future__ import annotations

from kasuhara_sim import strings as S
from kasuhara_sim.display import bar, local_time
from kasuhara_sim.store.db import RunRecord, parse_time, utc_now
from kasuhara_sim.strings import Live as L

FINISHED_SHOWN = 30


def _last_at(r: RunRecord) -> str:
    return r.turns[-1].at if r.turns else r.started_at


def state(runs: list[RunRecord], *, session: str | None = None, now: str | None = None) -> dict:
    """A JSON-ready picture of ``runs`` (RunRecords with details, any order)."""
    from kasuhara_sim.reports import workshop

    now = now or utc_now()
    now_dt = parse_time(now)
    ordered = sorted(runs, key=lambda r: (r.started_at, r.id))
    newest: dict[str, RunRecord] = {}
    for r in ordered:
        newest[r.trainee] = r
    playing = []
    for r in ordered:
        if r.status != "in_progress" or newest[r.trainee] is not r:
            continue
        last = _last_at(r)
        playing.append({
            "trainee": r.trainee, "scenario_id": r.scenario_id, "title": r.scenario_title, "mode": r.mode,
            "mode_label": S.Results.mode_short[r.mode], "turn": r.turn_count + 1,  # the turn being answered now
            "anger": r.turns[-1].anger_after if r.turns else None, "started_at": r.started_at, "last_at": last,
            "idle_seconds": max(0, round((now_dt - parse_time(last)).total_seconds())),
        })
    playing.sort(key=lambda p: p["trainee"])
    done = [r for r in reversed(ordered) if r.status != "in_progress"]
    finished = [{
        "trainee": r.trainee, "scenario_id": r.scenario_id, "title": r.scenario_title, "mode": r.mode,
        "mode_label": S.Results.mode_short[r.mode], "status": r.status, "total": r.total, "grade": r.grade,
        "outcome": r.outcome, "result": (S.OUTCOMES.get(r.outcome, r.outcome) if r.finished
                                         else S.Results.status[r.status]),
        "passed": r.passed if r.mode == "test" else None, "ended_at": r.ended_at,
    } for r in done[:FINISHED_SHOWN]]
    rep = workshop.build(runs)
    weakest = None
    if rep.weakest is not None:
        w = rep.weakest
        weakest = {"dimension": w.dimension, "label": w.label, "mean": round(w.stat.mean, 1), "runs": w.runs,
                   "missed": w.missed, "out_of_order": w.out_of_order, "penalised": w.penalised}
    return {
        "session": session, "now": now, "trainees": len({r.trainee for r in runs}), "runs": len(runs),
        "finished_count": sum(r.finished for r in runs), "playing": playing, "finished": finished,
        "weakest": weakest, "passed": rep.passed_trainees,
    }


def render_text(st: dict) -> str:
    """``watch``: the same picture as plain lines."""
    lines = [L.title + (L.session.format(session=st["session"]) if st["session"] else ""),
             L.summary.format(trainees=st["trainees"], runs=st["runs"], finished=st["finished_count"],
                              playing=len(st["playing"])), ""]
    w = st["weakest"]
    lines.append(L.weakest.format(label=w["label"], mean=w["mean"]) if w else L.weakest_none)
    lines += ["", L.playing]
    if not st["playing"]:
        lines.append("  " + L.nobody)
    for p in st["playing"]:
        anger = L.anger_none if p["anger"] is None else f"{bar(p['anger'], 10)} {p['anger']:>3}"
        lines.append("  " + L.playing_line.format(trainee=p["trainee"], title=p["title"], mode=p["mode_label"],
                                                  turn=p["turn"], anger=anger, idle=_idle(p["idle_seconds"])))
    lines += ["", L.finished]
    if not st["finished"]:
        lines.append("  " + L.nobody)
    for f in st["finished"]:
        total = L.no_total if f["total"] is None or f["status"] != "finished" else f"{f['total']} {f['grade'] or ''}"
        mark = "" if f["passed"] is None else " " + S.Results.passed[bool(f["passed"])]
        lines.append("  " + L.finished_line.format(time=local_time(f["ended_at"], "%H:%M"), trainee=f["trainee"],
                                                   title=f["title"], mode=f["mode_label"], result=f["result"],
                                                   total=total, mark=mark))
    return "\n".join(lines) + "\n"


def _idle(seconds: int) -> str:
    if seconds < 60:
        return L.idle_seconds.format(n=seconds)
    return L.idle_minutes.format(n=seconds // 60)
