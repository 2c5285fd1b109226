"""Scenario format v1 as typed models (see docs/format.md). The JSON Schema is generated from these.

Strict mode: YAML ``"70"`` is not silently taken as 70, and ``text: yes`` (a boolean in YAML 1.1) is an error rather
than the reply "True". Unknown keys are errors so that typos such as ``choises`` are caught.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, PrivateAttr, StringConstraints, Tag, field_validator
from pydantic_core import PydanticCustomError

Category = Literal[
    "angry_customer", "misdirected", "monetary_demand", "call_the_president", "sns_threat", "our_fault",
    "unclear_fault", "apology_visit", "sit_in", "verbal_abuse", "dogeza", "repeat_caller", "compensation",
    "legal_threat", "other",
]
Level = Literal["beginner", "intermediate", "manager"]
Channel = Literal["phone", "counter", "email", "chat", "visit"]
Outcome = Literal["resolved", "handed_over", "ended_firmly", "police", "escalated", "gave_in"]
Step = Literal["empathy", "fact_check", "can_cant", "limited_apology", "firm_boundary", "escalate", "record"]
NgTag = Literal[
    "full_apology", "argue", "rash_promise", "bare_refusal", "premature_label", "give_in", "pass_around",
    "lone_handling", "rude", "misinform", "conceal", "unsafe", "expose_staff",
]
STEPS: tuple[str, ...] = Step.__args__
NG_TAGS: tuple[str, ...] = NgTag.__args__
Dimension = Literal["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"]

DEFAULT_EXPECTS: tuple[str, ...] = ("empathy", "fact_check", "can_cant", "limited_apology")
SCENARIO_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NODE_ID_PATTERN = r"^[A-Za-z0-9_]+$"

Text = Annotated[str, StringConstraints(min_length=1)]


def _text_or_list(value):
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    return None


# A line, or a list of lines that mean the same (variants): a seeded run shows one of them.
Variants = Annotated[
    Union[Annotated[Text, Tag("text")], Annotated[list[Text], Tag("list"), Field(min_length=1)]],
    Discriminator(_text_or_list, custom_error_type="variants_type",
                  custom_error_message="a text or a list of texts"),
]
# What ``did``/``did_not`` may name: a procedure step or an NG tag.
Tag_ = Literal[Step.__args__ + NgTag.__args__]  # type: ignore[valid-type]


def variants_of(value) -> list[str]:
    """A ``say``/``text`` value as its list of variants (a single line is a list of one)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
NodeId = Annotated[str, StringConstraints(pattern=NODE_ID_PATTERN)]
Flag = Annotated[str, StringConstraints(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


# The loader reports duplicates in these lists; the schema says so too (editors flag them as they are typed).
_UNIQUE = {"uniqueItems": True}


class Condition(_Model):
    """Every key must hold. Data only: evaluated by the engine, never by ``eval``."""

    model_config = ConfigDict(json_schema_extra={
        "description": "条件。書いたキーがすべて成り立つときに成り立つ(データとして評価され、コードとして実行されることはない)。空の条件は書けない",
        "minProperties": 1})

    anger_at_least: int | None = Field(None, ge=0, le=100, description="怒りがこの値以上")
    anger_below: int | None = Field(None, ge=0, le=100, description="怒りがこの値未満")
    flags: list[Flag] = Field(default_factory=list, description="すべて立っているフラグ")
    not_flags: list[Flag] = Field(default_factory=list, description="どれも立っていないフラグ")
    did: list[Tag_] = Field(default_factory=list, json_schema_extra=_UNIQUE, description=(
        "これまでに選んだ返答のどれかが、挙げた手順・NG タグをすべて行っている"))
    did_not: list[Tag_] = Field(default_factory=list, json_schema_extra=_UNIQUE, description=(
        "これまでに選んだ返答のどれも、挙げた手順・NG タグを行っていない"))

    @property
    def empty(self) -> bool:
        return (self.anger_at_least is None and self.anger_below is None and not self.flags and not self.not_flags
                and not self.did and not self.did_not)

    def holds(self, anger: int, flags: frozenset[str] | set[str], did: frozenset[str] | set[str] = frozenset()) -> bool:
        """``did``: the steps and NG tags carried by the replies chosen so far."""
        if self.anger_at_least is not None and anger < self.anger_at_least:
            return False
        if self.anger_below is not None and anger >= self.anger_below:
            return False
        if any(f not in flags for f in self.flags):
            return False
        if any(f in flags for f in self.not_flags):
            return False
        if any(t not in did for t in self.did):
            return False
        return not any(t in did for t in self.did_not)


class Route(_Model):
    model_config = ConfigDict(json_schema_extra={
        "description": "ルート。上から順に、if が成り立つ最初のルートに進む。最後のルートには if を書かない"})

    to: NodeId = Field(description="行き先のノード ID")
    if_: Condition | None = Field(None, alias="if", description="この条件が成り立てばこのルート")


def _next_kind(value):
    if isinstance(value, str):
        return "node"
    if isinstance(value, list):
        return "routes"
    return None


Next = Annotated[
    Union[
        Annotated[NodeId, Tag("node")],
        Annotated[list[Route], Tag("routes"), Field(min_length=1)],
    ],
    Discriminator(_next_kind, custom_error_type="next_type",
                  custom_error_message="next is a node id or a list of routes"),
]


class Choice(_Model):
    model_config = ConfigDict(json_schema_extra={"description": "受講者が選ぶ返答"})

    text_: Variants = Field(alias="text", description=(
        "受講者の返答として表示する文。同じ手順を行う言い換えのリストにすると、実行ごとにどれか1つを表示する"))
    reaction: Text | None = Field(None, description="この返答にだけ返す、お客様のすぐの反応(次のノードのせりふの前に表示)")
    feedback: Text = Field(description="この返答がなぜ良い・悪いか")
    next: Next = Field(description="ノード ID、またはルート {to, if} のリスト(if が成り立つ最初のルートに進む。最後のルートには if を書かない)")
    steps: list[Step] = Field(default_factory=list, description="この返答が行う手順", json_schema_extra=_UNIQUE)
    ng: list[NgTag] = Field(default_factory=list, description="この返答の誤り(NG タグ)", json_schema_extra=_UNIQUE)
    anger: int = Field(0, ge=-100, le=100, description="お客様の怒りの変化(怒りは 0〜100 に収まる)")
    set_: list[Flag] = Field(default_factory=list, alias="set", description="この返答で立てるフラグ",
                             json_schema_extra=_UNIQUE)
    if_: Condition | None = Field(None, alias="if", description="この条件が成り立つときだけ表示する")

    @property
    def texts(self) -> list[str]:
        return variants_of(self.text_)

    @property
    def text(self) -> str:
        """The first variant: what a run without a seed shows (and what analysis and reports name the reply by)."""
        return self.texts[0]


class DebriefRoute(_Model):
    model_config = ConfigDict(json_schema_extra={
        "description": "講評のルート。上から順に、if が成り立つ最初の講評を表示する。最後のルートには if を書かない"})

    text: Text = Field(description="講評の文")
    if_: Condition | None = Field(None, alias="if", description="この条件が成り立てばこの講評")


def _debrief_kind(value):
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "routes"
    return None


Debrief = Annotated[
    Union[
        Annotated[Text, Tag("text")],
        Annotated[list[DebriefRoute], Tag("routes"), Field(min_length=1)],
    ],
    Discriminator(_debrief_kind, custom_error_type="debrief_type",
                  custom_error_message="debrief is a text or a list of routes"),
]


# A node is a turn (say + choices) or an ending (ending + debrief); the loader checks it, the schema says it too.
_NODE_KIND = {
    "description": "ノード。会話のターン(say と choices)か、結末(ending と debrief)のどちらか",
    "if": {"required": ["ending"], "properties": {"ending": {"type": "string"}}},
    "then": {"required": ["debrief"], "properties": {"debrief": {"type": ["string", "array"]}, "choices": {"type": "null"},
                                                 "press": {"type": "null"}}},
    "else": {"required": ["say", "choices"],
             "properties": {"say": {"type": ["string", "array"]}, "choices": {"type": "array"}, "debrief": {"type": "null"}}},
}


class Node(_Model):
    model_config = ConfigDict(json_schema_extra=_NODE_KIND)

    narration: Text | None = Field(None, description="状況の説明(せりふの前に表示)")
    say_: Variants | None = Field(None, alias="say", description=(
        "お客様のせりふ(ターンでは必須、結末では任意)。同じ意味のせりふのリストにすると、実行ごとにどれか1つを表示する"))
    choices: list[Choice] | None = Field(None, min_length=2, max_length=6, description="返答(2〜6個。ターンだけ)")
    ending: Outcome | None = Field(None, description="結末の種類(結末のノードだけ)")
    debrief_: Debrief | None = Field(None, alias="debrief", description=(
        "結末に添える講師の講評(結末のノードでは必須)。ルート {if, text} のリストにすると、"
        "条件が成り立つ最初の講評を表示する(最後のルートには if を書かない)"))
    # Project extension (timed mode): what the customer says at this turn when the trainee keeps them waiting.
    press: Variants | None = Field(None, description=(
        "時間制限ありの演習で、返答を待たされたお客様がこのターンで言う催促(リストにすると言い換え。ターンだけ)。"
        "省略すると timing.press か既定の催促"))

    @property
    def presses(self) -> list[str]:
        return variants_of(self.press)

    @property
    def is_ending(self) -> bool:
        return self.ending is not None

    @property
    def says(self) -> list[str]:
        return variants_of(self.say_)

    @property
    def say(self) -> str | None:
        """The first variant of the customer's line (None when the node has none)."""
        return self.says[0] if self.say_ is not None else None

    @property
    def debrief_routes(self) -> list[DebriefRoute]:
        if self.debrief_ is None:
            return []
        if isinstance(self.debrief_, str):
            return [DebriefRoute(text=self.debrief_)]
        return list(self.debrief_)

    def debrief_for(self, anger: int, flags, did) -> str | None:
        """The commentary for a run that ended here with this anger, these flags and these steps/NG tags done."""
        for route in self.debrief_routes:
            if route.if_ is None or route.if_.holds(anger, flags, did):
                return route.text
        return None

    @property
    def debrief(self) -> str | None:
        """The commentary shown when no route's condition is known (the last route: the one without ``if``)."""
        routes = self.debrief_routes
        return routes[-1].text if routes else None


class Persona(_Model):
    model_config = ConfigDict(json_schema_extra={"description": "お客様の人物像"})

    name: Text = Field(description="お客様の呼び名(例: 田中様)")
    profile: Text = Field(description="年代・立場・状況など、ブリーフィングに表示する人物像")
    anger: int = Field(50, ge=0, le=100, description="開始時の怒り(0〜100)")


# Timed mode (``--timed``): defaults when the scenario has no ``timing``. The default lines are scenario content (the
# customer's words, in the scenario's language), not UI text: they are not translated with the interface.
DEFAULT_WAIT_SECONDS = 20
DEFAULT_WAIT_ANGER = 10
DEFAULT_PRESS: tuple[str, ...] = (
    "「ちょっと、聞いてる？ 黙ってないで何とか言ってよ。」",
    "「もしもし？ どうなってるの、早く答えて。」",
    "「いつまで待たせるんだ。こっちは急いでるんだよ。」",
)


class Timing(_Model):
    """Project extension: how a timed run (``--timed``) presses a trainee who does not reply."""

    model_config = ConfigDict(json_schema_extra={"description": (
        "時間制限ありの演習(--timed)の設定。返答がないまま seconds 秒たつと、怒りが anger 上がり、お客様が催促する")})

    seconds: int = Field(DEFAULT_WAIT_SECONDS, ge=3, le=600, description="返答を待つ秒数(3〜600、省略時 20)")
    anger: int = Field(DEFAULT_WAIT_ANGER, ge=0, le=100, description="待たせるたびに上がる怒り(0〜100、省略時 10)")
    press: Variants | None = Field(None, description=(
        "催促のせりふ(リストにすると言い換え)。ノードの press が優先。省略すると既定の催促"))

    @property
    def presses(self) -> list[str]:
        return variants_of(self.press)


class Scenario(_Model):
    format: Literal[1] = Field(description="シナリオ形式の版(1)")
    id: Annotated[str, StringConstraints(pattern=SCENARIO_ID_PATTERN)] = Field(
        description="シナリオ ID。半角小文字・数字をハイフンでつなぐ(例: kettle-initial-defect)。読み込むすべてのシナリオで一意")
    title: Text = Field(description="題名(シナリオ一覧に表示)")
    summary: Text = Field(description="あらすじ(シナリオ一覧に表示)")
    category: Category = Field(description="分類")
    level: Level = Field(description="対象のレベル")
    channel: Channel = Field(description="応対の窓口")
    industry: Text | None = Field(None, description="業種(自由記述。retail, restaurant, call_center, hospital, "
                                                    "municipal, hotel, railway, care など)")
    minutes: int | None = Field(None, ge=1, le=600, description="所要時間の目安(分)")
    objectives: list[Text] = Field(min_length=1, description="学習目標(1つ以上)")
    role: Text = Field(description="受講者の役割(ブリーフィングに表示)")
    persona: Persona = Field(description="お客様の人物像")
    expects: list[Dimension] | None = Field(None, min_length=1, json_schema_extra=_UNIQUE, description=(
        "採点する観点。省略すると empathy, fact_check, can_cant, limited_apology の4つ。firm_response を加えられる"))
    timing: Timing | None = Field(None, description=(
        "時間制限ありの演習(--timed)で、返答を待つ秒数・待たせたときの怒り・催促のせりふ(kasuhara-sim の拡張)"))
    start: NodeId = Field(description="最初のノードの ID")
    nodes: dict[NodeId, Node] = Field(min_length=1, description="ノード ID(半角英数字と _)からノードへの対応")

    @field_validator("format", mode="before")
    @classmethod
    def _format_is_the_integer_1(cls, value):
        # Literal[1] takes True and 1.0 (equal to 1 in Python); the format version is written as the integer 1.
        if isinstance(value, (bool, float)):
            raise PydanticCustomError("format_type", "format is the integer 1")
        return value

    # Derived data (e.g. the engine's transition table and state machine) computed once per loaded scenario. It is
    # never pickled (the parsed-scenario cache): a state machine holds functions, and all of it can be derived again.
    _derived: dict = PrivateAttr(default_factory=dict)

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        private = state.get("__pydantic_private__")
        if private and private.get("_derived"):
            state = {**state, "__pydantic_private__": {**private, "_derived": {}}}
        return state

    @property
    def expected(self) -> tuple[str, ...]:
        return tuple(self.expects) if self.expects else DEFAULT_EXPECTS

    @property
    def wait_seconds(self) -> int:
        """How long a timed run waits for a reply before the customer presses."""
        return self.timing.seconds if self.timing else DEFAULT_WAIT_SECONDS

    @property
    def wait_anger(self) -> int:
        return self.timing.anger if self.timing else DEFAULT_WAIT_ANGER

    def press_lines(self, node_id: str) -> list[str]:
        """The lines the customer may press with at ``node_id``: the node's, else the scenario's, else the defaults."""
        node = self.nodes[node_id]
        return node.presses or (self.timing.presses if self.timing else []) or list(DEFAULT_PRESS)
