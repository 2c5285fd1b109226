"""One run of a scenario.

Nodes are the states of a ``transitions`` Machine and every reply is a trigger. Routing (``next`` with ``if``) is
expressed as several transitions on the same trigger, each guarded by a Python closure over our own condition model,
so transitions picks the first route that holds. Nothing from the scenario file is ever handed to transitions as a
callback name: it would import dotted names, and a scenario file must never be able to run code.
"""

from __future__ import annotations

import random
import weakref
from dataclasses import asdict, dataclass, field
from typing import Callable

from transitions import Machine

from kasuhara_sim.engine.rules import apply_anger, carried, visible
from kasuhara_sim.format.model import Choice, Condition, Node, Scenario


class RunFinished(Exception):
    """A choice was made after the run reached an ending."""


class ChoiceOutOfRange(ValueError):
    def __init__(self, number: int, available: int, turn: int):
        self.number, self.available, self.turn = number, available, turn
        super().__init__(f"turn {turn}: choice {number} is not one of 1..{available}")


@dataclass(frozen=True)
class VisibleChoice:
    number: int  # 1-based among the replies shown at this turn, in the order shown
    index: int  # 0-based position in the node's ``choices`` as written
    choice: Choice
    text: str = ""  # the variant of the reply's text shown in this run

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.choice.text)


@dataclass(frozen=True)
class Layout:
    """How one visit of a turn is shown: the line's variant, and the replies' variants and order.

    Derived from (seed, node, visit) alone, so a recorded seed shows the same run again whatever path led there."""

    say: str | None
    order: tuple[int, ...]  # choice indices as written, in the order shown (before ``if`` filtering)
    texts: tuple[str, ...]  # per choice index as written: the variant shown


def layout(node_id: str, node: Node, seed: int | None, visit: int = 0) -> Layout:
    """Without a seed: first variants, written order (the spec's rule for ``play --choices``, tests, analysis)."""
    choices = node.choices or ()
    says = node.says
    if seed is None:
        return Layout(says[0] if says else None, tuple(range(len(choices))), tuple(c.text for c in choices))
    # A string seed gives the same stream in every Python process (it is hashed with SHA-512, not ``hash``).
    rng = random.Random(f"kasuhara-sim/{seed}/{node_id}/{visit}")
    say = says[rng.randrange(len(says))] if says else None
    texts = tuple(c.texts[rng.randrange(len(c.texts))] for c in choices)
    keys = [rng.random() for _ in choices]
    order = tuple(sorted(range(len(choices)), key=keys.__getitem__))
    return Layout(say, order, texts)


def new_seed() -> int:
    """A fresh seed for a run: small enough to type back (``--seed``), random enough not to repeat in a workshop."""
    return random.SystemRandom().randrange(1, 1_000_000)


@dataclass
class Turn:
    """One line of the transcript: what was shown, what was picked, and what it did."""

    number: int
    node: str
    visible: list[int]  # choice indices as written, in the order shown
    pick: int  # 1-based among ``visible``
    choice_index: int
    text: str  # the reply as shown (its variant)
    steps: list[str]
    ng: list[str]
    feedback: str
    anger_before: int
    anger_after: int
    flags_after: list[str]
    next: str
    say: str | None = None  # the customer's line shown at this turn (its variant)
    reaction: str | None = None  # the customer's answer to exactly this reply
    # 自由回答: ``text`` is what the trainee typed and ``steps``/``ng`` its own tags; ``reply`` is the authored reply
    # (as shown) that the run went on along, ``evidence`` the words that showed each tag, ``advice`` 言葉づかい notes.
    reply: str | None = None
    evidence: list[dict] = field(default_factory=list)
    advice: list[dict] = field(default_factory=list)
    # Timed mode: each time the customer pressed before this reply (``Press.to_dict()``), oldest first. ``anger_before``
    # is the anger when the reply was made, after them.
    pressed: list[dict] = field(default_factory=list)

    @property
    def free(self) -> bool:
        return self.reply is not None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Press:
    """Timed mode: the trainee let the customer wait; the anger rose and the customer said ``line``."""

    node: str
    line: str
    anger_before: int
    anger_after: int

    def to_dict(self) -> dict:
        return asdict(self)


def press_line(scenario: Scenario, node_id: str, seed: int | None, visit: int, count: int) -> str:
    """The ``count``-th (0-based) press at this visit of ``node_id``. Without a seed the lines go round in the order
    written; with one, each is drawn from a stream of (seed, node, visit, count) alone, like the layout, so the same
    seed and the same waits press with the same words, and two presses in a row differ when there is a choice."""
    lines = scenario.press_lines(node_id)
    if seed is None or len(lines) == 1:
        return lines[count % len(lines)]
    rng = random.Random(f"kasuhara-sim/{seed}/{node_id}/{visit}/press/{count}")
    if count == 0:
        return lines[rng.randrange(len(lines))]
    previous = press_line(scenario, node_id, seed, visit, count - 1)
    return rng.choice([line for line in lines if line != previous] or lines)


def _trigger(node_id: str, index: int) -> str:
    return f"reply__{node_id}__{index}"


class _Model:
    """The object transitions drives: the current state name, and (weakly) the run whose conditions the guards read."""

    state: str

    def __init__(self, run: Run) -> None:
        self.run = weakref.ref(run)


def _machine(scenario: Scenario) -> Machine:
    """The scenario's state machine, built once and shared by its runs: each run adds its own model (transitions keeps
    one state per model), and the guards read the conditions' data from the run behind the model being moved."""
    cached = scenario._derived.get("machine")
    if cached is not None:
        return cached
    transitions = []
    for trig, src, dest, cond in _routes(scenario):
        t = {"trigger": trig, "source": src, "dest": dest}
        if cond is not None:
            t["conditions"] = [_guard(cond)]
        transitions.append(t)
    machine = Machine(
        model=None,
        states=list(scenario.nodes),
        transitions=transitions,
        initial=scenario.start,
        auto_transitions=False,
        ignore_invalid_triggers=False,
        model_attribute="state",
        send_event=True,
    )
    scenario._derived["machine"] = machine
    return machine


def _guard(cond: Condition) -> Callable[..., bool]:
    def holds(event) -> bool:
        run = event.model.run()
        return cond.holds(run.anger, run.flags, run.did)

    return holds


def _routes(scenario: Scenario) -> tuple:
    """Transition definitions of a scenario, computed once: (trigger, source, dest, condition or None)."""
    cached = scenario._derived.get("routes")
    if cached is not None:
        return cached
    out = []
    for nid, node in scenario.nodes.items():
        for ci, choice in enumerate(node.choices or ()):
            trig = _trigger(nid, ci)
            if isinstance(choice.next, str):
                out.append((trig, nid, choice.next, None))
            else:
                for route in choice.next:
                    out.append((trig, nid, route.to, route.if_))
    scenario._derived["routes"] = tuple(out)
    return scenario._derived["routes"]


@dataclass
class Run:
    scenario: Scenario
    anger: int = -1
    flags: set[str] = field(default_factory=set)
    transcript: list[Turn] = field(default_factory=list)
    anger_curve: list[int] = field(default_factory=list)
    seed: int | None = None  # None: first variants in the order written; otherwise picks variants and shuffles
    did: set[str] = field(default_factory=set)  # steps and NG tags carried by the replies chosen so far
    timed: int | None = None  # timed mode: the seconds the customer waits for a reply (None: not timed)

    def __post_init__(self) -> None:
        if self.anger < 0:
            self.anger = self.scenario.persona.anger
        self.anger_curve = [self.anger]
        self._visits: dict[str, int] = {}
        self._layout: Layout | None = None
        self.pending: list[Press] = []  # presses at the current turn, not yet followed by a reply
        self._model = _Model(self)
        self._machine = machine = _machine(self.scenario)
        machine.add_model(self._model)
        # The shared machine holds the model; it lets go of it when the run is gone.
        weakref.finalize(self, machine.remove_model, self._model)

    # --- reading the state -------------------------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self._model.state

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def finished(self) -> bool:
        return self.node.ending is not None

    @property
    def outcome(self) -> str | None:
        return self.node.ending

    @property
    def path(self) -> list[str]:
        return [t.node for t in self.transcript] + [self.node_id]

    @property
    def layout(self) -> Layout:
        """How the current node is shown in this run (computed once per visit)."""
        if self._layout is None:
            nid = self.node_id
            self._layout = layout(nid, self.node, self.seed, self._visits.get(nid, 0))
        return self._layout

    @property
    def say(self) -> str | None:
        """The customer's line at the current node, as this run shows it."""
        return self.layout.say

    @property
    def debrief(self) -> str | None:
        """The ending's commentary for the path taken (its first ``debrief`` route that holds)."""
        if not self.finished:
            return None
        return self.node.debrief_for(self.anger, self.flags, self.did)

    def visible_choices(self) -> list[VisibleChoice]:
        lay = self.layout
        shown = {i for i, _ in visible(self.node, self.anger, self.flags, self.did)}
        choices = self.node.choices or ()
        return [VisibleChoice(n, i, choices[i], lay.texts[i])
                for n, i in enumerate((i for i in lay.order if i in shown), 1)]

    # --- acting --------------------------------------------------------------------------------------
    def wait(self) -> Press:
        """Timed mode: the configured time passed without a reply. The anger rises by the scenario's ``timing.anger``
        and the customer presses; the reply that follows carries the press in the transcript, and the replies shown
        and the routes taken from now on see the new anger. The clock is the caller's."""
        if self.finished:
            raise RunFinished(self.node_id)
        nid = self.node_id
        line = press_line(self.scenario, nid, self.seed, self._visits.get(nid, 0), len(self.pending))
        before = self.anger
        self.anger = apply_anger(self.anger, self.scenario.wait_anger)
        self.anger_curve.append(self.anger)
        press = Press(nid, line, before, self.anger)
        self.pending.append(press)
        return press

    def choose(self, number: int, performed: tuple | None = None, text: str | None = None,
               evidence=(), advice=()) -> Turn:
        """Pick the ``number``-th (1-based) reply shown at this turn and move to the next node.

        自由回答: ``text`` is the typed reply and ``performed`` its own (steps, ng); the run goes on along reply
        ``number`` (anger, flags, route, reaction, and the ``did`` its conditions read, so the path stays one the
        scenario was written for) while the transcript keeps the typed words and their tags, which are scored."""
        if self.finished:
            raise RunFinished(self.node_id)
        shown = self.visible_choices()
        if not 1 <= number <= len(shown):
            raise ChoiceOutOfRange(number, len(shown), len(self.transcript) + 1)
        vc = shown[number - 1]
        c = vc.choice
        before = self.anger
        said = self.say
        # Effects apply before routing, so a route's condition sees the customer's reaction to this reply.
        self.anger = apply_anger(self.anger, c.anger)
        self.flags.update(c.set_)
        self.did.update(carried(c))
        src = self.node_id
        self._visits[src] = self._visits.get(src, 0) + 1
        getattr(self._model, _trigger(src, vc.index))()
        self._layout = None
        steps, ng = (c.steps, c.ng) if performed is None else performed
        # The authored feedback speaks of that reply's steps and mistakes: a typed reply with other tags is not
        # told it (「お詫びのひと言もない」 after an apology was typed); its own tags are explained instead.
        same = performed is None or (set(steps), set(ng)) == (set(c.steps), set(c.ng))
        turn = Turn(
            number=len(self.transcript) + 1, node=src, visible=[v.index for v in shown], pick=number,
            choice_index=vc.index, text=vc.text if text is None else text, steps=list(steps), ng=list(ng),
            feedback=c.feedback if same else "", anger_before=before, anger_after=self.anger, flags_after=sorted(self.flags),
            next=self.node_id, say=said, reaction=c.reaction, reply=None if text is None else vc.text,
            evidence=[dict(e) for e in evidence], advice=[dict(a) for a in advice],
            pressed=[p.to_dict() for p in self.pending],
        )
        self.pending = []
        self.transcript.append(turn)
        self.anger_curve.append(self.anger)
        return turn

    # --- saving and restoring (a run is a small state plus the transcript) --------------------------
    def snapshot(self) -> dict:
        return {"scenario": self.scenario.id, "node": self.node_id, "anger": self.anger,
                "flags": sorted(self.flags), "picks": [t.pick for t in self.transcript], "seed": self.seed}


def replay(scenario: Scenario, picks: list[int], seed: int | None = None) -> Run:
    """Play ``picks`` (numbers as shown under ``seed``) from the start; raises RunFinished past an ending."""
    run = Run(scenario, seed=seed)
    for p in picks:
        if run.finished:
            raise RunFinished(run.node_id)
        run.choose(p)
    return run
