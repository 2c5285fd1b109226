"""Text from scenario files made safe to draw, and labels that never fail.

Scenario text is written by instructors and may carry control characters (an escape sequence that sets the window
title or clears the screen): drawn raw, they garble the TUI. Label tables (分類, レベル, 窓口, 結末) may lag a
scenario written for a newer library: the raw value is shown rather than a KeyError stopping the app.
"""

from __future__ import annotations

from collections.abc import Mapping

from kasuhara_sim.display import clean


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters (:func:`kasuhara_sim.display.clean`, the rule the
    command line prints by); a tab becomes a space, line breaks stay."""
    if not text or (text.isprintable() and "\x1b" not in text):
        return text
    return clean(text.replace("\t", " "))


def label(table: Mapping[str, str], key: str | None, default: str = "") -> str:
    """``table[key]``, or the raw ``key`` when the table does not know it."""
    if key is None:
        return default
    return table.get(key, key)
