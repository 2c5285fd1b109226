"""Benchmark for issue 2: loading + validating scenarios vs plain libyaml parsing, and the engine's time per choice.

    python benchmarks/load_bench.py [--scenarios 200] [--nodes 50] [--repeat 3]

Generates N scenarios of M nodes in a temporary folder, then reports:
- load+validate time (our loader: YAML with positions, typed model, cross-references) as a ratio to
  ``yaml.load(..., CSafeLoader)`` of the same files (goal: ≤ 3×);
- the engine's mean time per choice over random playthroughs (goal: < 1 ms), including building the machine per run
  spread over its choices, and excluding it.
Figures are machine-dependent: the ratio is what to compare across machines.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kasuhara_sim.engine import Run  # noqa: E402
from kasuhara_sim.format.loader import load_scenario  # noqa: E402

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

STEPS = ["empathy", "fact_check", "can_cant", "limited_apology", "firm_boundary", "escalate", "record"]
NG = ["full_apology", "argue", "rash_promise", "bare_refusal", "premature_label", "give_in", "pass_around"]
ENDINGS = ["resolved", "handed_over", "ended_firmly", "police", "escalated", "gave_in"]


def make_scenario(i: int, n_nodes: int, rng: random.Random) -> dict:
    n_turns = n_nodes - 6
    nodes: dict = {}
    endings = [f"end_{k}" for k in range(6)]
    for k in range(n_turns):
        choices = []
        for c in range(rng.randint(2, 4)):
            later = [f"t{j}" for j in range(k + 1, min(n_turns, k + 6))] or endings
            choice = {
                "text": f"「恐れ入りますが、ターン{k}の返答{c}でございます。確認いたします。」",
                "feedback": f"返答{c}の講評: 手順に沿っているかどうかを説明する文。",
                "anger": rng.randint(-20, 20),
                "next": rng.choice(later + endings[:1]),
            }
            if rng.random() < 0.6:
                choice["steps"] = rng.sample(STEPS, rng.randint(1, 2))
            else:
                choice["ng"] = rng.sample(NG, 1)
            if c == 1 and rng.random() < 0.3:
                choice["next"] = [{"to": rng.choice(endings), "if": {"anger_at_least": 80}},
                                  {"to": rng.choice(later)}]
            if c == 2 and rng.random() < 0.3:
                choice["set"] = [f"flag{k}"]
            choices.append(choice)
        nodes[f"t{k}"] = {"narration": "状況の説明文。" * 2, "say": f"「ターン{k}のお客様のせりふです！」", "choices": choices}
    for k, e in enumerate(endings):
        nodes[e] = {"ending": ENDINGS[k], "say": "「結末のせりふ」", "debrief": "講評の文章。" * 3}
    return {
        "format": 1, "id": f"bench-{i:04d}", "title": f"ベンチマーク {i}", "summary": "生成したシナリオ",
        "category": "other", "level": "beginner", "channel": "phone", "industry": "retail", "minutes": 10,
        "objectives": ["測定"], "role": "担当者", "persona": {"name": "試験様", "profile": "生成", "anger": 50},
        "expects": ["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"],
        "start": "t0", "nodes": nodes,
    }


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=200)
    ap.add_argument("--nodes", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--runs", type=int, default=2000, help="random playthroughs for the engine figure")
    args = ap.parse_args()
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(args.scenarios):
            f = Path(tmp) / f"bench-{i:04d}.yaml"
            f.write_text(yaml.safe_dump(make_scenario(i, args.nodes, rng), allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
            files.append(f)
        size = sum(f.stat().st_size for f in files)
        texts = [f.read_bytes().decode("utf-8") for f in files]

        def plain():
            for f in files:
                yaml.load(f.read_bytes().decode("utf-8"), Loader=Loader)

        loaded = []

        def ours():
            loaded.clear()
            loaded.extend(load_scenario(f).scenario for f in files)

        t_plain = best_of(args.repeat, plain)
        t_ours = best_of(args.repeat, ours)
        del texts

        # Engine: random playthroughs; time per choice with and without building the machine.
        total_choices = 0
        t_build = t_choose = 0.0
        prng = random.Random(7)
        for k in range(args.runs):
            sc = loaded[k % len(loaded)]
            t0 = time.perf_counter()
            run = Run(sc)
            t1 = time.perf_counter()
            while not run.finished:
                shown = run.visible_choices()
                run.choose(prng.randint(1, len(shown)))
                total_choices += 1
            t2 = time.perf_counter()
            t_build += t1 - t0
            t_choose += t2 - t1

    print(f"files: {args.scenarios} scenarios × {args.nodes} nodes, {size / 1e6:.1f} MB")
    print(f"plain libyaml parse ({Loader.__name__}): {t_plain * 1000:.0f} ms")
    print(f"kasuhara-sim load+validate:             {t_ours * 1000:.0f} ms")
    print(f"ratio: {t_ours / t_plain:.2f}×  (goal ≤ 3×)")
    print(f"engine: {total_choices} choices over {args.runs} runs")
    print(f"  per choice (choose only):           {t_choose / total_choices * 1e6:.0f} µs  (goal < 1 ms)")
    print(f"  per choice (machine build included): {(t_choose + t_build) / total_choices * 1e6:.0f} µs")
    print(f"  machine build per run:               {t_build / args.runs * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
