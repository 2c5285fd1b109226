"""How long score analysis and the deep lint take on a large scenario (goal: 500 nodes analysed in under 1 s).

Generates a 500-node scenario shaped like the hand-written ones, only longer: every turn has a good reply that moves
the conversation on, a middling one whose route depends on the customer's anger, a bad one that either ends the call
badly or sends it to a recovery turn that loops back, and sometimes a reply shown only when an earlier fact check set a
flag. Prints the median of several runs and its ratio to the goal; exits 1 if the goal is missed.

    python benchmarks/analysis.py [--nodes 500] [--runs 5] [--seed 7]
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

GOAL_SECONDS = 1.0

GOOD_STEPS = [["limited_apology", "empathy"], ["empathy"], ["fact_check"], ["can_cant"], ["fact_check"],
              ["can_cant", "record"], ["firm_boundary"], ["escalate"]]
BAD_NG = [["argue"], ["full_apology"], ["rash_promise"], ["bare_refusal"], ["premature_label"], ["give_in"],
          ["pass_around"], ["rude"], ["lone_handling"]]
FAILURES = ["escalated", "gave_in"]
SUCCESSES = ["resolved", "handed_over", "ended_firmly", "police"]


def generate(nodes: int = 500, seed: int = 7) -> dict:
    """A valid format-v1 scenario with ``nodes`` nodes (about four turns for each ending)."""
    rng = random.Random(seed)
    n_end = max(4, nodes // 5)
    n_turn = nodes - n_end
    turns = [f"t{i:03d}" for i in range(n_turn)]
    ends = [f"e{i:03d}" for i in range(n_end)]
    out: dict = {}
    for i, ending in enumerate(ends):
        outcome = FAILURES[i % 2] if i % 3 else SUCCESSES[(i // 3) % 4]
        out[ending] = {"ending": outcome, "say": "「…」", "debrief": f"結末 {i} の講評。"}

    def ahead(i: int, lo: int, hi: int) -> str:
        j = i + rng.randint(lo, hi)
        return turns[j] if j < n_turn else rng.choice(ends[: n_end // 3 * 3 : 3] or ends)

    for i, tid in enumerate(turns):
        choices = [
            {"text": f"良い返答 {i}", "feedback": "手順どおり。", "steps": GOOD_STEPS[i % len(GOOD_STEPS)],
             "anger": -rng.choice([5, 10, 15]), "next": ahead(i, 1, 2)},
            {"text": f"まあまあの返答 {i}", "feedback": "言葉が足りない。", "steps": [rng.choice(["fact_check", "empathy"])],
             "ng": [rng.choice(["bare_refusal", "pass_around"])], "anger": rng.choice([5, 10]),
             "next": [{"if": {"anger_at_least": rng.choice([70, 80, 90])}, "to": ends[(2 * i + 1) % n_end]},
                      {"to": ahead(i, 1, 3)}]},
            {"text": f"悪い返答 {i}", "feedback": "怒りを強める。", "ng": BAD_NG[i % len(BAD_NG)],
             "anger": rng.choice([15, 20, 25]),
             "next": turns[max(0, i - rng.randint(2, 4))] if i % 4 == 1 else ends[(3 * i + 2) % n_end]},
        ]
        if i % 5 == 0:
            choices[0]["set"] = [f"checked_{i}"]
        if i % 5 == 3 and i >= 3:
            choices.append({"if": {"flags": [f"checked_{i - 3}"]}, "text": f"確認済みの返答 {i}",
                            "feedback": "確かめた事実に基づいている。", "steps": ["can_cant"], "anger": -10,
                            "next": ahead(i, 1, 2)})
        out[tid] = {"say": f"「お客様のせりふ {i}」", "choices": choices}
    return {
        "format": 1, "id": f"bench-{nodes}", "title": "ベンチマーク用の長いシナリオ", "summary": "解析時間の計測用。",
        "category": "other", "level": "manager", "channel": "phone", "objectives": ["計測"], "role": "窓口担当",
        "persona": {"name": "計測様", "profile": "計測用", "anger": 60},
        "expects": ["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"],
        "start": turns[0], "nodes": out,
    }


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    from kasuhara_sim.format.loader import load_scenario
    from kasuhara_sim.scoring import default_rubric
    from kasuhara_sim.scoring.search import analyse, reach

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(yaml.safe_dump(generate(args.nodes, args.seed), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        load_s, loaded = timed(lambda: load_scenario(path), args.runs)
        rubric = default_rubric()
        # A fresh model each run: per-scenario caches must not flatter the figure.
        analysis_s, a = timed(lambda: analyse(load_scenario(path).scenario, rubric), args.runs)
        analysis_s -= load_s
        reach_s, r = timed(lambda: reach(loaded.scenario), args.runs)
        try:
            from kasuhara_sim.analysis.lint import lint
        except ImportError:
            lint_s = None
        else:
            lint_s, findings = timed(lambda: lint(loaded, rubric, a), args.runs)

    print(f"scenario: {args.nodes} nodes (seed {args.seed}), median of {args.runs} runs")
    print(f"  load:      {load_s * 1000:8.1f} ms")
    print(f"  analysis:  {analysis_s * 1000:8.1f} ms  ({a.states} states expanded, bound hit: {a.bound_hit}, "
          f"best {a.best_total}, worst {a.worst_total})")
    print(f"  reach:     {reach_s * 1000:8.1f} ms  ({len(r.situations)} situations)")
    if lint_s is not None:
        print(f"  lint:      {lint_s * 1000:8.1f} ms  (includes its own reach; {len(findings)} findings: the generated "
              "routes do not care whether their anger threshold can be met)")
    print(f"analysis / goal = {analysis_s / GOAL_SECONDS:.2f}  (goal {GOAL_SECONDS:.0f} s)")
    return 0 if analysis_s < GOAL_SECONDS and not a.bound_hit else 1


if __name__ == "__main__":
    sys.exit(main())
