"""The replies to choose from: number keys 1–6 (handled by the play screen) or arrows and Enter (handled here)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kasuhara_sim.tui.widgets.jatext import JaText


def reply_prompt(number: int, text: str) -> JaText:
    """``1 「…」`` with wrapped lines indented under the text rather than under the number."""
    return JaText(text, prefix=Content.assemble((str(number), "bold"), " "))


class ReplyList(OptionList):
    def show(self, replies: list[tuple[int, str]]) -> None:
        """``replies``: (number shown, text) in display order."""
        self.set_options([Option(reply_prompt(n, t), id=str(n)) for n, t in replies])
        self.highlighted = 0 if replies else None
