"""How values are shown, wherever they are shown: durations, local times, text cut to a terminal width, score bars.

The TUI, the reports and the command line all use these, so that a time or a score reads the same on every screen
and in every file. Standard library and Rich's cell widths only: no Textual, nothing of the core.
"""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len

from kasuhara_sim.strings import Results as R


def format_elapsed(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


def local_time(ts: str | None, fmt: str = R.date_format) -> str:
    if not ts:
        return R.none
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone().strftime(fmt)  # as store.db.parse_time


def short(text: str, width: int = 28) -> str:
    """``text`` cut to ``width`` terminal cells (Japanese characters take two)."""
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


BAR_WIDTH = 10


def bar(score: int, width: int = BAR_WIDTH) -> str:
    full = round(score * width / 100)
    return "█" * full + "░" * (width - full)
