"""The conversation as a scrolling log: narration, the customer's lines, the trainee's replies and, in practice
mode, the feedback under each reply. Each entry is its own widget so that lines re-wrap when the terminal is resized.
"""

from __future__ import annotations

from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kasuhara_sim.tui.textsafe import strip_controls
from kasuhara_sim.tui.widgets.jatext import JaText


def spoken(name: str, text: str, style: str) -> JaText:
    """``名前 「…」`` with wrapped lines indented under the line, not under the name."""
    return JaText(text, prefix=Content.assemble((strip_controls(name), style), " "))


def underlined(text: str, evidence) -> Content:
    """The typed reply with the words that showed a tag underlined (what was recognised, in place)."""
    from kasuhara_sim.understand.turn import spans

    parts, at = [], 0
    for a, b in spans(text, evidence):
        parts += [strip_controls(text[at:a]), (strip_controls(text[a:b]), "underline")]
        at = b
    parts.append(strip_controls(text[at:]))
    return Content.assemble(*parts)


class ConversationLog(VerticalScroll):
    """Append-only; always scrolled to the newest entry."""

    can_focus = False

    _scroll_pending = False

    def _add(self, widget) -> None:
        self.mount(widget)
        if not self._scroll_pending:  # the entries of one answer arrive together: scroll once for them all
            self._scroll_pending = True
            self.call_after_refresh(self._scroll_to_newest)

    def _scroll_to_newest(self) -> None:
        self._scroll_pending = False
        self.scroll_end(animate=False)

    def narration(self, text: str) -> None:
        self._add(Static(JaText(text), classes="entry narration"))

    def customer(self, name: str, text: str) -> None:
        self._add(Static(spoken(name, text, "bold $warning"), classes="entry customer"))

    def you(self, name: str, text: str | Content, feedback: tuple[str, str, str, str] | None = None) -> None:
        """The trainee's reply; ``feedback`` = (mark, tags, text, kind) in practice mode, shown right under it.
        ``kind`` (good, bad, neutral) only colours the entry: the mark says the same in text."""
        children = [Static(spoken(name, text, "bold $accent"), classes="reply")]
        if feedback is not None:
            mark, tags, body, kind = feedback
            children.append(Static(JaText(Content.assemble((f"{mark} {tags}", "bold"), "\n", body)),
                                   classes=f"feedback {kind}"))
        self._add(Vertical(*children, classes="entry you"))  # mounted with its children: one layout, not two

    def divider(self, text: str) -> None:
        self._add(Static(Content(text), classes="entry divider"))
