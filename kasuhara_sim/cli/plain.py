"""Plain-terminal play and quiz: numbered prompts, no colour or drawing, for screen readers and tiny terminals."""

from __future__ import annotations

from kasuhara_sim import strings as S
from kasuhara_sim.display import clean
from kasuhara_sim.strings import Report as R


def _out(text: str = "") -> None:
    """A line for the screen reader: scenario text as written, less any control character or escape sequence it
    hides. Never wrapped here: the terminal or the reader wraps it at its own width, and a break inside a sentence
    would make a screen reader pause mid-sentence."""
    print(clean(text))


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
        _out(R.invalid_number.format(n=n))


def play_plain(loaded, rubric, mode: str = "practice", recorder=None, seed: int | None = None) -> int:
    """``recorder`` (kasuhara_sim.store.recorder.Recorder, optional) keeps the run as it is played.

    In 本番 (test) nothing gives the answer away: no objectives before the end, no anger figure, no feedback."""
    from kasuhara_sim.engine import Run, new_seed
    from kasuhara_sim.reports.result import print_report
    from kasuhara_sim.scoring import score_run

    sc = loaded.scenario
    _out(f"{sc.title}  [{S.MODES[mode]}]")
    _out(sc.summary)
    _out(f"{R.role}: {sc.role}")
    _out(f"{R.customer}: {sc.persona.name} — {sc.persona.profile}")
    if mode == "practice":
        _out(R.objectives + ":")
        for o in sc.objectives:
            _out(f"  - {o}")
    start = _ask(R.start + " ")
    if start is None or start.lower() == "q":
        _out(S.Cli.interrupted)
        return 1
    run = Run(sc, seed=new_seed() if seed is None else seed)
    _out(R.seed.format(seed=run.seed))
    if recorder:
        recorder.started(loaded, mode, rubric, run.seed)
    while not run.finished:
        node = run.node
        _out()
        head = R.turn.format(n=len(run.transcript) + 1)
        if mode == "practice":
            head += f" ({R.anger_now.format(anger=run.anger)})"
        _out(f"--- {head} ---")
        if node.narration:
            _out(node.narration)
        _out(f"{sc.persona.name} {run.say}")
        shown = run.visible_choices()
        for vc in shown:
            _out(f"  {vc.number}. {vc.text}")
        number = _pick(len(shown))
        if number is None:
            if recorder:
                recorder.abandoned(sc, run, rubric)
            _out(S.Cli.interrupted)
            return 1
        turn = run.choose(number)
        if recorder:
            recorder.turn(turn)
        _out(f"{S.YOU} {turn.text}")
        if turn.reaction:
            _out(f"{sc.persona.name} {turn.reaction}")
        if mode == "practice":
            mark = R.bad if turn.ng else R.good if turn.steps else R.neutral
            tags = [S.STEPS[s] for s in turn.steps] + [S.NG_TAGS[n] for n in turn.ng]
            _out(f"  {mark} {' / '.join(tags)}: {turn.feedback}")
    _out()
    if run.node.narration:
        _out(run.node.narration)
    if run.say:
        _out(f"{sc.persona.name} {run.say}")
    _out()
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
        _out(d.format())
    if not questions:
        return 1
    chosen = draw(questions, count, seed)
    if recorder:
        recorder.quiz_started(len(chosen), seed)
    right = 0
    for i, q in enumerate(chosen, 1):
        _out()
        _out(f"Q{i}/{len(chosen)} [{q.topic}] {q.statement}")
        while True:
            a = _ask(S.Quiz.prompt)
            if a is None or a.lower() == "q":
                if recorder:
                    recorder.quiz_ended(abandoned=True)
                _out(S.Cli.interrupted)
                return 1
            value = S.Quiz.parse(a)
            if value is not None:
                break
            _out(S.Quiz.invalid)
        ok = value == q.answer
        right += ok
        if recorder:
            recorder.answered(i, q, value)
        _out(f"{S.Quiz.correct if ok else S.Quiz.wrong}  {S.Quiz.answer_is.format(mark=S.Quiz.mark(q.answer))}")
        _out(q.explanation)
    _out()
    if recorder:
        recorder.quiz_ended()
    _out(S.Quiz.score.format(right=right, total=len(chosen), percent=round(100 * right / len(chosen))))
    return 0
