"""Briefing: who the trainee is, the situation, the customer and the objectives. Enter starts the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from kasuhara_sim import strings as S
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.textsafe import label, strip_controls
from kasuhara_sim.tui.widgets.anger import AngerGauge
from kasuhara_sim.tui.widgets.footer import KeysFooter
from kasuhara_sim.tui.widgets.jatext import JaText

if TYPE_CHECKING:
    from kasuhara_sim.format.loader import LoadedScenario


def section(title: str, classes: str = "") -> Static:
    return Static(Content(title), classes=f"section-title {classes}".strip())


class BriefingScreen(Screen):
    CSS_PATH = "briefing.tcss"
    HELP = T.help_briefing
    BINDINGS = [
        Binding("enter", "start", T.key_start, key_display="Enter"),
        Binding("m", "toggle_mode", T.key_mode),
        Binding("f", "toggle_free", T.key_free, show=False),
        Binding("escape", "back", T.key_back, key_display="Esc"),
    ]
    AUTO_FOCUS = "#briefing"

    def __init__(self, loaded: LoadedScenario) -> None:
        super().__init__()
        self.loaded = loaded

    def compose(self) -> ComposeResult:
        sc = self.loaded.scenario
        meta = self._meta(self.app.mode)
        with Horizontal(id="topbar"):
            yield Static(Content(strip_controls(sc.title)), id="brand")
            yield Static(id="mode-badge")
        with VerticalScroll(id="briefing"):
            yield Static(JaText(meta), id="brief-meta")
            yield Static(JaText(sc.summary), id="brief-summary")
            yield section(T.brief_role)
            yield Static(JaText(sc.role), classes="section-body")
            yield section(T.brief_customer)
            yield Static(JaText(sc.persona.profile, prefix=Content.styled(strip_controls(sc.persona.name) + "  ", "bold")),
                         classes="section-body")
            yield AngerGauge(sc.persona.anger, id="brief-anger", classes="section-body")
            # 本番 keeps what would give the answer away (objectives, the category, whether 毅然とした対応 is scored)
            # for the result screen: judging the customer is part of the skill.
            yield section(T.brief_objectives, classes="practice-only")
            for objective in sc.objectives:
                yield Static(JaText(objective, prefix=S.BULLET), classes="section-body practice-only")
            yield section(T.brief_dimensions, classes="practice-only")
            labels = [self.app.rubric.label(d) for d in sc.expected]
            yield Static(JaText(" / ".join(labels)), classes="section-body practice-only")
            yield section(T.brief_mode)
            yield Static(id="brief-mode", classes="section-body")
        yield Static(Content(T.brief_start), id="brief-start")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "mode", self._show_mode)
        self.watch(self.app, "free", lambda _: self._show_mode(self.app.mode))

    def _meta(self, mode: str) -> str:
        sc = self.loaded.scenario
        fields = dict(
            level=label(S.LEVEL_DESCRIPTIONS, sc.level), channel=label(S.CHANNELS, sc.channel),
            industry=T.brief_industry.format(industry=S.INDUSTRIES.get(sc.industry, sc.industry)) if sc.industry else "",
            minutes=T.brief_minutes.format(minutes=sc.minutes) if sc.minutes else "")
        if mode == "test":
            return T.brief_meta_test.format(**fields)
        return T.brief_meta.format(category=label(S.CATEGORY_DESCRIPTIONS, sc.category), **fields)

    def _show_mode(self, mode: str) -> None:
        self.query_one("#brief-meta", Static).update(JaText(self._meta(mode)))
        explain = T.brief_mode_practice if mode == "practice" else T.brief_mode_test
        name = S.MODES[mode]
        if self.app.free:  # 自由回答 is said only when on: the briefing of a choosing run stays as it was
            name += "・" + S.Free.mode
            explain += T.brief_free
        if self.app.timed:
            name += "・" + S.Timed.mode
            explain += S.Timed.brief
        self.query_one("#brief-mode", Static).update(JaText(explain, prefix=Content.styled(name + "  ", "bold")))
        self.query_one("#mode-badge", Static).update(Content(name))
        self.set_class(mode == "test", "-test")

    def action_start(self) -> None:
        self.app.start_run(self.loaded)

    def action_toggle_mode(self) -> None:
        self.app.toggle_mode()

    def action_toggle_free(self) -> None:
        self.app.toggle_free()

    def action_back(self) -> None:
        self.app.back_to_library()
