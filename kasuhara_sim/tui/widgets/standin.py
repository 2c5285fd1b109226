"""A closed Select's look, without the Select.

Textual's Select carries an option list (its overlay) that costs about a tenth of the time to the home screen's first
frame. The home screen shows these stand-ins in that frame, drawn as a closed Select is (the same border, label and
arrow), and puts the real Selects in their place right after it: the trainee sees the same screen, sooner."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class SelectStandIn(Horizontal):
    # The rules of Textual's SelectCurrent inside a blurred Select (textual/widgets/_select.py), which this copies.
    DEFAULT_CSS = """
    SelectStandIn {
        border: tall $border-blurred;
        color: $foreground;
        background: $surface;
        width: 1fr;
        height: auto;
        padding: 0 2;
        &:ansi {
            border: tall $border-blurred;
            color: ansi_default;
            background: ansi_default;
        }
        Static.label {
            width: 1fr;
            height: auto;
            color: $foreground;
            background: transparent;
        }
        Static.arrow {
            box-sizing: content-box;
            width: 1;
            height: 1;
            padding: 0 0 0 1;
            color: $foreground 50%;
            background: transparent;
        }
    }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="label", markup=False)
        yield Static("▼", classes="arrow")
