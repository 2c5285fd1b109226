"""Text from scenario files made safe to draw, and labels that never fail.

Scenario text is written by instructors and may carry control characters (an escape sequence that sets the window
title or clears the screen): drawn raw, they garble the TUI. Label tables (分類, レベル, 窓口, 結末) may lag a
scenario written for a newer library: the raw value is shown rather than a KeyError stopping the app.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Whole escape sequences first (CSI, OSC/DCS/APC/PM/SOS strings, two-byte escapes), so that no parameters are left
# behind as visible garbage; then any other C0/C1 control character except the line break.
_SEQUENCES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)|\x9b[0-?]*[ -/]*[@-~]|\x1b.?",
                        re.DOTALL)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters; a tab becomes a space, line breaks stay."""
    if not text or (text.isprintable() and "\x1b" not in text):
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text.replace("\t", " ")))


def label(table: Mapping[str, str], key: str | None, default: str = "") -> str:
    """``table[key]``, or the raw ``key`` when the table does not know it."""
    if key is None:
        return default
    return table.get(key, key)
