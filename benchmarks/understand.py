"""The free-answer recogniser on the labelled replies: precision and recall per label and micro-averaged, and the time
per reply after warm-up.

    python benchmarks/understand.py                 # the held-out part (the figures that count)
    python benchmarks/understand.py --part dev      # the development part
    python benchmarks/understand.py --part scenarios  # the authored replies of the built-in scenarios
    python benchmarks/understand.py --errors        # also list each reply whose labels differ

Goals (issue 11): micro precision >= 0.90 and recall >= 0.80 on the held-out part; under 5 ms per reply."""

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
    return [(text, set(steps.split()) | set(ng.split())) for steps, ng, text in rows]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="heldout", choices=["heldout", "dev", "scenarios"])
    ap.add_argument("--errors", action="store_true")
    args = ap.parse_args()
    rows = load(args.part)
    rec = Recogniser()
    for text, _ in rows:  # warm-up
        rec.recognise(text)
    tp = {lab: 0 for lab in LABELS}
    fp = dict(tp)
    fn = dict(tp)
    errors = []
    t0 = time.perf_counter()
    predicted = [rec.recognise(text) for text, _ in rows]
    per_reply = (time.perf_counter() - t0) * 1000 / len(rows)
    for (text, gold), r in zip(rows, predicted):
        got = set(r.steps) | set(r.ng)
        for lab in got & gold:
            tp[lab] += 1
        for lab in got - gold:
            fp[lab] += 1
        for lab in gold - got:
            fn[lab] += 1
        if got != gold:
            errors.append((text, sorted(gold), sorted(got), [f"{e.rule}:{e.words}" for e in r.evidence]))
    print(f"{args.part}: {len(rows)} replies")
    print(f"{'label':16} {'P':>5} {'R':>5} {'gold':>5}")
    for lab in LABELS:
        g = tp[lab] + fn[lab]
        p = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else float("nan")
        rr = tp[lab] / g if g else float("nan")
        print(f"{lab:16} {p:5.2f} {rr:5.2f} {g:5d}")
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    P = TP / (TP + FP) if TP + FP else 0.0
    R = TP / (TP + FN) if TP + FN else 0.0
    print(f"micro            {P:5.2f} {R:5.2f} {TP + FN:5d}   (goal P >= 0.90, R >= 0.80)")
    print(f"exact match      {sum(1 for e in rows) - len(errors)}/{len(rows)}")
    print(f"time per reply   {per_reply:.2f} ms after warm-up (goal < 5 ms)")
    if args.errors:
        for text, gold, got, ev in errors:
            print(f"- {text}\n    gold {gold} got {got} {ev}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
