"""Plain-terminal play and quiz: numbered prompts, no colour or drawing, for screen readers and tiny terminals."""

from __future__ import annotations

from kasuhara_sim import strings as S
from kasuhara_sim.strings import Report as R


def _ask(prompt: str) -> str | None:
    try:
        return input(prompt).strip()
    except EOFError:
        return None


def _pick(n: int) -> int | None:
    while True:
        answer = _ask(R.prompt)
        if answer is None or answer.lower() in ("q", "quit", "ｑ"):
            return None
        answer = answer.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        if answer.isdigit() and 1 <= int(answer) <= n:
            return int(answer)
        print(R.invalid_number.format(n=n))


def play_plain(loaded, rubric, mode: str = "practice", recorder=None, seed: int | None = None) -> int:
    """``recorder`` (kasuhara_sim.store.recorder.Recorder, optional) keeps the run as it is played.

    In 本番 (test) nothing gives the answer away: no objectives before the end, no anger figure, no feedback."""
    from kasuhara_sim.engine import Run, new_seed
    from kasuhara_sim.reports.result import print_report
    from kasuhara_sim.scoring import score_run

    sc = loaded.scenario
    print(f"{sc.title}  [{S.MODES[mode]}]")
    print(sc.summary)
    print(f"{R.role}: {sc.role}")
    print(f"{R.customer}: {sc.persona.name} — {sc.persona.profile}")
    if mode == "practice":
        print(R.objectives + ":")
        for o in sc.objectives:
            print(f"  - {o}")
    start = _ask(R.start + " ")
    if start is None or start.lower() == "q":
        print(S.Cli.interrupted)
        return 1
    run = Run(sc, seed=new_seed() if seed is None else seed)
    print(R.seed.format(seed=run.seed))
    if recorder:
        recorder.started(loaded, mode, rubric, run.seed)
    while not run.finished:
        node = run.node
        print()
        head = R.turn.format(n=len(run.transcript) + 1)
        if mode == "practice":
            head += f" ({R.anger_now.format(anger=run.anger)})"
        print(f"--- {head} ---")
        if node.narration:
            print(node.narration)
        print(f"{sc.persona.name} {run.say}")
        shown = run.visible_choices()
        for vc in shown:
            print(f"  {vc.number}. {vc.text}")
        number = _pick(len(shown))
        if number is None:
            if recorder:
                recorder.abandoned(sc, run, rubric)
            print(S.Cli.interrupted)
            return 1
        turn = run.choose(number)
        if recorder:
            recorder.turn(turn)
        print(f"{S.YOU} {turn.text}")
        if turn.reaction:
            print(f"{sc.persona.name} {turn.reaction}")
        if mode == "practice":
            mark = R.bad if turn.ng else R.good if turn.steps else R.neutral
            tags = [S.STEPS[s] for s in turn.steps] + [S.NG_TAGS[n] for n in turn.ng]
            print(f"  {mark} {' / '.join(tags)}: {turn.feedback}")
    print()
    if run.node.narration:
        print(run.node.narration)
    if run.say:
        print(f"{sc.persona.name} {run.say}")
    print()
    if recorder:
        # The finish first: the search for better replies can take seconds, and an interrupt during it must not
        # lose a fully played run.
        recorder.finished(score_run(sc, run, rubric, better_replies=False))
    report = score_run(sc, run, rubric)
    if recorder:
        recorder.better_replies(report)
    print_report(report, sc, plain=True)
    return 0


def quiz_plain(dirs, count: int, seed: int | None, recorder=None) -> int:
    from kasuhara_sim.format.quiz import draw
    from kasuhara_sim.format.quizbank import load_questions

    questions, problems = load_questions(dirs)
    for d in problems:
        print(d.format())
    if not questions:
        return 1
    chosen = draw(questions, count, seed)
    if recorder:
        recorder.quiz_started(len(chosen), seed)
    right = 0
    for i, q in enumerate(chosen, 1):
        print()
        print(f"Q{i}/{len(chosen)} [{q.topic}] {q.statement}")
        while True:
            a = _ask(S.Quiz.prompt)
            if a is None or a.lower() == "q":
                if recorder:
                    recorder.quiz_ended(abandoned=True)
                print(S.Cli.interrupted)
                return 1
            value = S.Quiz.parse(a)
            if value is not None:
                break
            print(S.Quiz.invalid)
        ok = value == q.answer
        right += ok
        if recorder:
            recorder.answered(i, q, value)
        print(f"{S.Quiz.correct if ok else S.Quiz.wrong}  {S.Quiz.answer_is.format(mark=S.Quiz.mark(q.answer))}")
        print(q.explanation)
    print()
    if recorder:
        recorder.quiz_ended()
    print(S.Quiz.score.format(right=right, total=len(chosen), percent=round(100 * right / len(chosen))))
    return 0
