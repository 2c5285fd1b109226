"""The free-answer recogniser on the labelled replies: precision and recall per label and micro-averaged, and the time
per reply after warm-up.

    python benchmarks/understand.py                   # the held-out part (the figures that count)
    python benchmarks/understand.py --part dev        # the development part (the rules were written from it)
    python benchmarks/understand.py --part scenarios  # the authored replies of the built-in scenarios
    python benchmarks/understand.py --part blind-a    # replies written by someone else, for rule work
    python benchmarks/understand.py --part blind-b    # by the same writer; held out in the first round, rule work since
    python benchmarks/understand.py --part blind-c    # replies written by a second person, for rule work
    python benchmarks/understand.py --part blind-d    # by a third person; held out in the second round, rule work since
    python benchmarks/understand.py --part blind-e    # by a fourth person; held out in the third round, rule work since
    python benchmarks/understand.py --part blind-f    # by a fifth person, for rule work
    python benchmarks/understand.py --part blind-g    # by a sixth person, held out
    python benchmarks/understand.py --part all        # every part, then the goal check on the held-out parts
    python benchmarks/understand.py --errors          # also list each reply whose labels differ

The held-out parts are heldout and blind-g (when tests/data/understand/blind-g.yaml exists). Their errors are never
listed: a rule written from them would make them stop measuring what they measure (replies no rule was written from).
Goals (issue 11): micro precision >= 0.90 and recall >= 0.80 on the held-out parts together; under 5 ms per reply.
The exit status is 0 only when a run that includes a held-out part meets the goals there."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kasuhara_sim.understand.recognise import Recogniser  # noqa: E402
from kasuhara_sim.understand.rules import LABELS  # noqa: E402

DATA = ROOT / "tests" / "data" / "understand"
PARTS = ("heldout", "dev", "scenarios", "blind-a", "blind-b", "blind-c", "blind-d", "blind-e", "blind-f", "blind-g")
# blind-b was held out in the first round of rule work, blind-d in the second and blind-e in the third; each has been
# rule-work material since
HELD_OUT = ("heldout", "blind-g")
GOAL_P, GOAL_R, GOAL_MS = 0.90, 0.80, 5.0


def available(part: str) -> bool:
    return part == "scenarios" or (DATA / f"{part}.yaml").exists()


def load(part: str) -> list[tuple[str, set[str]]]:
    if part == "scenarios":  # every authored reply of the built-in scenarios, with its steps and NG tags
        out = []
        for path in sorted((ROOT / "scenarios").glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            for node in (doc.get("nodes") or {}).values():
                for ch in node.get("choices") or []:
                    for text in ch["text"] if isinstance(ch["text"], list) else [ch["text"]]:
                        out.append((text, set(ch.get("steps") or []) | set(ch.get("ng") or [])))
        return out
    rows = yaml.safe_load((DATA / f"{part}.yaml").read_text(encoding="utf-8"))
    return [(text, set((steps or "").split()) | set((ng or "").split())) for steps, ng, text in rows]


class Score:
    def __init__(self) -> None:
        self.tp = {lab: 0 for lab in LABELS}
        self.fp = dict(self.tp)
        self.fn = dict(self.tp)
        self.replies = 0
        self.exact = 0
        self.seconds = 0.0

    def add(self, gold: set[str], got: set[str]) -> None:
        self.replies += 1
        self.exact += got == gold
        for lab in got & gold:
            self.tp[lab] += 1
        for lab in got - gold:
            self.fp[lab] += 1
        for lab in gold - got:
            self.fn[lab] += 1

    def merge(self, other: Score) -> None:
        for table in ("tp", "fp", "fn"):
            for lab, n in getattr(other, table).items():
                getattr(self, table)[lab] += n
        self.replies += other.replies
        self.exact += other.exact
        self.seconds += other.seconds

    def micro(self) -> tuple[float, float]:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)

    @property
    def ms(self) -> float:
        return self.seconds * 1000 / self.replies if self.replies else 0.0

    def print(self, name: str) -> None:
        print(f"{name}: {self.replies} replies")
        print(f"{'label':16} {'P':>5} {'R':>5} {'gold':>5}")
        for lab in LABELS:
            g = self.tp[lab] + self.fn[lab]
            p = self.tp[lab] / (self.tp[lab] + self.fp[lab]) if self.tp[lab] + self.fp[lab] else float("nan")
            r = self.tp[lab] / g if g else float("nan")
            print(f"{lab:16} {p:5.2f} {r:5.2f} {g:5d}")
        p, r = self.micro()
        gold = sum(self.tp.values()) + sum(self.fn.values())
        print(f"micro            {p:5.2f} {r:5.2f} {gold:5d}   (goal P >= {GOAL_P:.2f}, R >= {GOAL_R:.2f})")
        print(f"exact match      {self.exact}/{self.replies}")
        print(f"time per reply   {self.ms:.2f} ms after warm-up (goal < {GOAL_MS:g} ms)")


def run(rec: Recogniser, part: str, errors: bool) -> Score:
    rows = load(part)
    for text, _ in rows:  # warm-up
        rec.recognise(text)
    score = Score()
    t0 = time.perf_counter()
    predicted = [rec.recognise(text) for text, _ in rows]
    score.seconds = time.perf_counter() - t0
    wrong = []
    for (text, gold), r in zip(rows, predicted):
        got = set(r.steps) | set(r.ng)
        score.add(gold, got)
        if got != gold:
            wrong.append((text, sorted(gold), sorted(got), [f"{e.rule}:{e.words}" for e in r.evidence]))
    score.print(part)
    if errors and part in HELD_OUT:
        print(f"({part} is held out: its errors are not listed)")
    elif errors:
        for text, gold, got, ev in wrong:
            print(f"- {text}\n    gold {gold} got {got} {ev}")
    return score


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="heldout", choices=[*PARTS, "all"])
    ap.add_argument("--errors", action="store_true", help="list the replies whose labels differ (not for held-out parts)")
    args = ap.parse_args()
    parts = [p for p in PARTS if available(p)] if args.part == "all" else [args.part]
    if not available(args.part if args.part != "all" else "heldout"):
        print(f"{args.part}: {DATA / (args.part + '.yaml')} がありません", file=sys.stderr)
        return 2
    rec = Recogniser()
    held = Score()
    for n, part in enumerate(parts):
        if n:
            print()
        score = run(rec, part, args.errors)
        if part in HELD_OUT:
            held.merge(score)
    if not held.replies:
        return 0
    p, r = held.micro()
    names = " + ".join(p for p in parts if p in HELD_OUT)
    ok = p >= GOAL_P and r >= GOAL_R and held.ms < GOAL_MS
    print(f"\nheld out ({names}): {held.replies} replies, micro P {p:.3f} R {r:.3f}, {held.ms:.2f} ms per reply: "
          f"{'goals met' if ok else 'goals NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
