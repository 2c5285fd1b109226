"""Small helpers shared by the TUI tests."""

from __future__ import annotations

from textual.widgets import DataTable, Static


def text(widget) -> str:
    """The plain text a Static shows."""
    return str(widget.content)


def screen_text(screen) -> str:
    """All text of the Statics on ``screen``, in DOM order (enough to ask "does the screen say X")."""
    return "\n".join(text(s) for s in screen.query(Static) if s.display)


def row_ids(screen) -> list[str]:
    return [row.key.value for row in screen.query_one(DataTable).ordered_rows]


def option_texts(option_list) -> list[str]:
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]
