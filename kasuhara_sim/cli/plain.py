"""Plain-terminal play and quiz: numbered prompts, no colour or drawing, for screen readers and tiny terminals."""

from __future__ import annotations

from kasuhara_sim import strings as S
from kasuhara_sim.display import ascii_digits, clean
from kasuhara_sim.strings import Report as R


def _out(text: str = "") -> None:
    """A line for the screen reader: scenario text as written, less any control character or escape sequence it
    hides. Never wrapped here: the terminal or the reader wraps it at its own width, and a break inside a sentence
    would make a screen reader pause mid-sentence."""
    print(clean(text))


TIMEOUT = object()  # timed mode: no reply came in time


class _Lines:
    """Timed mode: standard input read on a thread, so that a reply can be waited for with a timeout. A thread rather
    than select(): select() does not see lines already in Python's buffer (a pipe delivers several at once), nor works
    on a Windows console."""

    def __init__(self) -> None:
        import queue
        import sys
        import threading

        self.queue: queue.Queue = queue.Queue()
        self.empty = queue.Empty
        stdin = sys.stdin

        def read() -> None:
            for line in iter(stdin.readline, ""):
                self.queue.put(line)
            self.queue.put(None)

        threading.Thread(target=read, daemon=True, name="kasuhara-sim-stdin").start()

    def get(self, prompt: str, timeout: float | None):
        print(prompt, end="", flush=True)
        try:
            line = self.queue.get(timeout=timeout)
        except self.empty:
            print()  # the prompt's line ends where the customer speaks
            return TIMEOUT
        if line is None:
            self.queue.put(None)  # every later read sees the end too
            return None
        return line.rstrip("\r\n").strip()


_lines: _Lines | None = None


def _ask(prompt: str, timeout: float | None = None):
    """A line, None at the end of input, or TIMEOUT when ``timeout`` seconds passed (timed mode only)."""
    if _lines is not None:
        return _lines.get(prompt, timeout)
    try:
        return input(prompt).strip()
    except EOFError:
        return None


def _pick(n: int, timeout: float | None = None):
    while True:
        answer = _ask(R.prompt, timeout)
        if answer is TIMEOUT:
            return TIMEOUT
        if _quits(answer):
            return None
        answer = ascii_digits(answer)
        if answer.isdigit() and 1 <= int(answer) <= n:
            return int(answer)
        _out(R.invalid_number.format(n=n))


def _quits(answer: str | None) -> bool:
    """End of input, or q: the trainee stops here."""
    return answer is None or answer.lower() in ("q", "quit", "ｑ")


def _type(run, shown, recogniser, timeout: float | None = None, practice: bool = True):
    """自由回答: the trainee's words, recognised (a Recognition), or a number picked from the menu (an int), or None
    to stop. Words in which nothing is recognised are never called wrong: the trainee may say it another way or pick
    from the menu, which is shown then."""
    from kasuhara_sim.strings import Free as F

    while True:
        answer = _ask(F.prompt, timeout)
        if answer is TIMEOUT:
            return TIMEOUT
        if _quits(answer):
            return None
        if not answer:
            continue
        digits = ascii_digits(answer)
        if digits.isdigit():
            n = int(digits)
            if 1 <= n <= len(shown):
                return n
            _out(R.invalid_number.format(n=len(shown)))
            continue
        rec = recogniser.recognise(answer)
        if rec.recognised:
            return rec
        _out(F.nothing)
        if practice:  # a keigo slip is worth knowing even in words whose steps were not recognised
            for a in rec.advice:
                _out(f"  {F.advice}: " + F.advice_line.format(**a.as_dict()))
        for vc in shown:
            _out(f"  {vc.number}. {vc.text}")


def _explain_free(turn, name: str) -> None:
    """In 練習: what was recognised, with the words marked, and the authored reply it was taken as."""
    from kasuhara_sim.strings import Free as F
    from kasuhara_sim.understand.turn import marked

    _out(f"  {F.words}: {marked(turn.text, turn.evidence)}")
    for e in turn.evidence:
        label = S.STEPS.get(e["label"]) or S.NG_TAGS.get(e["label"], e["label"])
        mark = R.bad if e["label"] in S.NG_TAGS else R.good
        _out(f"    {mark} {label}: 「{e['words']}」 — {e['explain']}")
    _out(f"  {F.taken_as.format(text=S.Score.quoted(turn.reply))}")
    for a in turn.advice:
        _out(f"  {F.advice}: " + F.advice_line.format(**a))


def play_plain(loaded, rubric, mode: str = "practice", recorder=None, seed: int | None = None,
               free: bool = False, timed: bool = False) -> int:
    """``recorder`` (kasuhara_sim.store.recorder.Recorder, optional) keeps the run as it is played.

    In 本番 (test) nothing gives the answer away: no objectives before the end, no anger figure, no feedback.
    ``free`` (自由回答): the trainee types each reply; a number still picks from the replies, shown on request.
    ``timed``: each time the scenario's seconds pass without a reply, the customer presses (``Run.wait``) and the
    trainee is asked again."""
    global _lines
    from kasuhara_sim.engine import Run, new_seed
    from kasuhara_sim.reports.result import print_report
    from kasuhara_sim.scoring import score_run

    sc = loaded.scenario
    _out(f"{sc.title}  [{S.MODES[mode]}{' / ' + S.Free.mode if free else ''}{' / ' + S.Timed.mode if timed else ''}]")
    _out(sc.summary)
    _out(f"{R.role}: {sc.role}")
    _out(f"{R.customer}: {sc.persona.name} — {sc.persona.profile}")
    if mode == "practice":
        _out(R.objectives + ":")
        for o in sc.objectives:
            _out(f"  - {o}")
    if timed:
        _out(S.Timed.setting.format(seconds=sc.wait_seconds, anger=sc.wait_anger))
    start = _ask(R.start + " ")
    if start is None or start.lower() == "q":
        _out(S.Cli.interrupted)
        return 1
    recogniser = None
    if free:
        from kasuhara_sim.understand.recognise import default_recogniser

        _out(S.Free.loading)
        recogniser = default_recogniser()  # SudachiPy's dictionary: loaded once, before the first turn
        _out(S.Free.menu_hint)
    run = Run(sc, seed=new_seed() if seed is None else seed, timed=sc.wait_seconds if timed else None)
    _out(R.seed.format(seed=run.seed))
    if timed and _lines is None:
        _lines = _Lines()
    if recorder:
        recorder.started(loaded, mode, rubric, run.seed, free=free, timed=run.timed)
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
        if not free:
            for vc in shown:
                _out(f"  {vc.number}. {vc.text}")
        while True:
            number = _type(run, shown, recogniser, run.timed, mode == "practice") if free else _pick(len(shown), run.timed)
            if number is not TIMEOUT:
                break
            # The line stays silent: the customer presses, angrier, and the trainee is asked again.
            press = run.wait()
            _out(f"{sc.persona.name} {press.line}")
            if mode == "practice":
                _out(f"  ({R.anger_now.format(anger=run.anger)})")
            now = run.visible_choices()
            if [v.index for v in now] != [v.index for v in shown]:  # the new anger changed the replies shown
                shown = now
                if not free:
                    for vc in shown:
                        _out(f"  {vc.number}. {vc.text}")
        if number is None:
            if recorder:
                recorder.abandoned(sc, run, rubric)
            _out(S.Cli.interrupted)
            return 1
        if isinstance(number, int):
            turn = run.choose(number)
        else:
            from kasuhara_sim.understand.turn import take

            turn = take(run, number)
        if recorder:
            recorder.turn(turn)
        _out(f"{S.YOU} {turn.text}")
        if turn.free and mode == "practice":
            _explain_free(turn, sc.persona.name)
        if turn.reaction:
            _out(f"{sc.persona.name} {turn.reaction}")
        if mode == "practice":
            mark = R.bad if turn.ng else R.good if turn.steps else R.neutral
            tags = [S.STEPS[s] for s in turn.steps] + [S.NG_TAGS[n] for n in turn.ng]
            feedback = S.Free.feedback.format(text=turn.feedback) if turn.free and turn.feedback else turn.feedback
            _out(f"  {mark} {' / '.join(tags)}" + (f": {feedback}" if feedback else ""))
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
