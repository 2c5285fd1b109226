"""Asking the trainee's name, once: the answer is remembered in the data directory for the next start."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from kasuhara_sim.strings import Results as R


class TraineeScreen(ModalScreen[str | None]):
    """Returns the normalised name, or None when the trainee chooses not to be recorded."""

    DEFAULT_CSS = """
    TraineeScreen #trainee-box { width: 60; }
    TraineeScreen #trainee-error { color: $error; height: auto; }
    TraineeScreen #trainee-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    TraineeScreen #trainee-buttons Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "skip", show=False)]

    def __init__(self, current: str | None = None, *, required: bool = False) -> None:
        super().__init__()
        self.current = current
        self.required = required  # in a workshop's browser tab every run must be recorded under a name

    def compose(self) -> ComposeResult:
        with Vertical(id="trainee-box", classes="dialog") as box:
            box.border_title = R.ask_name_title
            yield Static(Content(R.ask_name_prompt), id="trainee-prompt")
            yield Input(value=self.current or "", placeholder=R.ask_name_placeholder, id="trainee-name")
            yield Static(id="trainee-error")
            with Horizontal(id="trainee-buttons"):
                if not self.required:
                    yield Button(R.ask_name_skip, id="skip")
                yield Button(R.ask_name_ok, id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#trainee-name")
    def _name_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#ok, #skip")
    def _button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.submit()
        else:
            self.action_skip()

    def submit(self) -> None:
        from kasuhara_sim.store import StoreError, normalize_name

        try:
            name = normalize_name(self.query_one(Input).value)
        except StoreError as exc:
            self.query_one("#trainee-error", Static).update(Content(str(exc)))
            self.query_one(Input).focus()
            return
        self.dismiss(name)

    def action_skip(self) -> None:
        if not self.required:
            self.dismiss(None)
