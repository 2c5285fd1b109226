"""Each dimension's scores over the trainee's finished runs: small multiples of bar charts on one 0–100 scale.

One bar per run, oldest on the left, two rows high (sixteen steps), coloured by band; the latest score and the mean
are printed beside each chart, so the numbers are there with NO_COLOR and for a screen reader too.
"""

from __future__ import annotations

import statistics

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from kasuhara_sim.strings import Results as R

LEVELS = "▁▂▃▄▅▆▇█"
ROWS = 2


def band(score: float, rubric=None) -> str:
    from kasuhara_sim.tui.widgets.scores import score_colour

    return score_colour(score, rubric)


def bars(values: list[int], width: int, rows: int = ROWS, per: int = 1) -> list[Content]:
    """``rows`` lines of bars, ``per`` cells wide, for the last ``width`` values (top line first), on a fixed 0–100
    scale."""
    shown = values[-max(1, width):]
    lines = []
    for row in range(rows, 0, -1):
        parts = []
        for v in shown:
            # Eighths of this row that the value fills; a 0 still shows a floor mark so that the run is visible.
            fill = max(0, min(8, round(v * rows * 8 / 100) - (row - 1) * 8))
            ch = "█" if fill == 8 else LEVELS[fill - 1] if fill else ("_" if row == 1 else " ")
            parts.append((ch * per, band(v)))
        lines.append(Content.assemble(*parts))
    return lines


class TrendChart(Widget):
    """``trends``: dimension -> scores (oldest first); ``labels``: dimension -> label."""

    DEFAULT_CSS = "TrendChart { height: auto; }"

    def __init__(self, trends: dict[str, list[int]], labels: dict[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.trends: dict[str, list[int]] = {}
        self.labels: dict[str, str] = {}
        self.set_data(trends, labels, refresh=False)

    def set_data(self, trends: dict[str, list[int]], labels: dict[str, str], refresh: bool = True) -> None:
        self.trends = {d: list(v) for d, v in trends.items() if v}
        self.labels = dict(labels)
        if refresh:
            self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.trends) * (ROWS + 1) - 1) if self.trends else 1

    def render(self) -> Content:
        if not self.trends:
            return Content.styled(R.progress_trend_none, "$text-muted")
        label_w = max(cell_len(self.labels.get(d, d)) for d in self.trends)
        stats = {d: R.progress_trend_stats.format(last=v[-1], mean=f"{statistics.fmean(v):.0f}", n=len(v))
                 for d, v in self.trends.items()}
        stats_w = max(cell_len(s) for s in stats.values())
        room = max(4, self.size.width - label_w - stats_w - 4)
        longest = max(len(v) for v in self.trends.values())
        per = 2 if longest * 2 <= room else 1  # a wider bar per run while there is room
        used = min(room, longest * per)
        out: list[Content] = []
        for i, (d, values) in enumerate(self.trends.items()):
            if i:
                out.append(Content(""))
            label = self.labels.get(d, d)
            for r, drawn in enumerate(bars(values, used // per, per=per)):
                head = label + " " * (label_w - cell_len(label)) if r == 0 else " " * label_w
                tail = stats[d] if r == 0 else ""
                out.append(Content.assemble((head, "bold" if r == 0 else ""), "  ", drawn,
                                            " " * (used - drawn.cell_length), "  ", (tail, "$text-muted")))
        return Content("\n").join(out)
