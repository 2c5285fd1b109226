"""Small modal screens: the key help (``?`` on every screen) and a yes/no confirmation."""

from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kasuhara_sim.i18n import relabel
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.widgets.jatext import JaText


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, then the keys that work everywhere."""

    BINDINGS = [
        Binding("escape", "dismiss", T.key_close, key_display="Esc"),
        Binding("question_mark", "dismiss", show=False),
        Binding("enter", "dismiss", show=False),
        Binding("q", "dismiss", show=False),
    ]

    def __init__(self, keys) -> None:
        super().__init__()
        # The screens' HELP tables were read when their module was imported: relabel puts them in today's language.
        self.keys = [(relabel(k, "help_"), relabel(d, "help_")) for k, d in [*keys, *T.help_common]]

    def compose(self) -> ComposeResult:
        width = max(cell_len(k) for k, _ in self.keys)
        lines = [Content.assemble((k + " " * (width - cell_len(k)), "bold $accent"), "  ", d) for k, d in self.keys]
        with Vertical(id="help-box", classes="dialog") as box:
            box.border_title = T.help_title
            box.border_subtitle = T.help_close
            yield Static(Content("\n").join(lines), id="help-keys")

    def action_dismiss(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A question with two answers; the safe answer has the focus, so a stray Enter changes nothing."""

    BINDINGS = [
        Binding("y", "answer(True)", show=False),
        Binding("n", "answer(False)", show=False),
        Binding("escape", "answer(False)", show=False),
        Binding("left,right", "switch", show=False),
    ]

    def __init__(self, title: str, body: str, yes: str, no: str) -> None:
        super().__init__()
        self.title_text, self.body, self.yes, self.no = title, body, yes, no
        self.quitting = False  # asks whether to quit the app (a second Ctrl+Q quits)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(JaText(self.body), id="confirm-body")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="yes", variant="error")
                yield Button(self.no, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes, #no")
    def _button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_switch(self) -> None:
        self.focus_next(Button)
