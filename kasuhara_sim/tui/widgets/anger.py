"""The customer's anger at a glance: a coloured gauge, a trend line and a small bar chart over the turns.

All three use an absolute 0–100 scale so that 70 → 72 looks like the small change it is. The number is always
printed beside the colour, so the gauge still reads correctly with NO_COLOR or for colour-blind trainees.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from kasuhara_sim.strings import Tui as T

EIGHTHS = " ▏▎▍▌▋▊▉█"
LEVELS = "▁▂▃▄▅▆▇█"


def anger_style(value: int) -> str:
    """Theme colour of an anger value: calm, tense, or about to blow up."""
    return "$success" if value < 40 else "$warning" if value < 70 else "$error"


def gauge(value: int, width: int) -> Content:
    """A horizontal bar of ``width`` cells, filled in eighths of a cell."""
    width = max(1, width)
    eighths = round(max(0, min(100, value)) * width * 8 / 100)
    full, part = divmod(eighths, 8)
    bar = "█" * full + (EIGHTHS[part] if part and full < width else "")
    return Content.assemble((bar, anger_style(value)), ("░" * (width - len(bar)), "$foreground 30%"))


def trend(points: list[int], width: int) -> Content:
    """One character per point (the most recent ``width`` points), height proportional to anger."""
    shown = points[-max(1, width):]
    return Content.assemble(*[(LEVELS[min(7, max(0, round(p * 7 / 100)))], anger_style(p)) for p in shown])


class AngerGauge(Widget):
    """``怒り ██████▌░░░ 65`` — label, bar and number on one line, the bar taking the room left."""

    DEFAULT_CSS = "AngerGauge { height: 1; }"
    value: reactive[int] = reactive(0)

    def __init__(self, value: int = 0, label: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = T.play_anger if label is None else label  # read now: the language is chosen after import
        self.set_reactive(AngerGauge.value, value)

    def render(self) -> Content:
        number = f"{self.value:>3}"
        label = Content(self.label + " ") if self.label else Content("")
        room = self.size.width - label.cell_length - len(number) - 1
        return Content.assemble(label, gauge(self.value, room), " ", (number, f"bold {anger_style(self.value)}"))


class AngerTrend(Widget):
    """A sparkline of the anger after each turn (the start included)."""

    DEFAULT_CSS = "AngerTrend { height: 1; }"
    points: reactive[list[int]] = reactive(list, always_update=True)

    def render(self) -> Content:
        return trend(self.points, self.size.width)


class AngerChart(Widget):
    """Anger over the turns as vertical bars with a 0–100 axis; turn 0 is the start of the scenario."""

    DEFAULT_CSS = "AngerChart { height: auto; }"
    ROWS = 5
    AXIS = 4  # "100┤"

    def __init__(self, points: list[int], **kwargs) -> None:
        super().__init__(**kwargs)
        self.points = list(points)

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.ROWS + 2

    def _layout(self, width: int) -> tuple[list[int], list[int], int]:
        room = max(1, width - self.AXIS)
        per = 3 if len(self.points) * 3 <= room else 2 if len(self.points) * 2 <= room else 1
        keep = max(1, room // per)
        first = max(0, len(self.points) - keep)
        return list(range(first, len(self.points))), self.points[first:], per

    def render(self) -> Content:
        turns, values, per = self._layout(self.size.width)
        bar_w = per - 1 if per > 1 else 1
        lines: list[Content] = []
        for row in range(self.ROWS, 0, -1):  # top row first
            axis = {self.ROWS: "100┤", (self.ROWS + 1) // 2: " 50┤"}.get(row, "   │")
            parts: list = [(axis, "$foreground 50%")]
            for v in values:
                # Eighths of a row filled by this value within this row.
                fill = max(0, min(8, round(v * self.ROWS * 8 / 100) - (row - 1) * 8))
                ch = "█" if fill == 8 else LEVELS[fill - 1] if fill else " "
                parts.append((ch * bar_w, anger_style(v)))
                if per > 1:
                    parts.append(" " * (per - bar_w))
            lines.append(Content.assemble(*parts))
        lines.append(Content.assemble(("  0└" + "─" * (len(values) * per), "$foreground 50%")))
        labels = ""
        for t in turns:
            tag = str(t)
            if per == 1 and t % 5:
                tag = " "
            labels += tag.ljust(per)[:per] if per > 1 or len(tag) == 1 else tag[-1]
        lines.append(Content.assemble(("    " + labels, "$foreground 50%")))
        return Content("\n").join(lines)
