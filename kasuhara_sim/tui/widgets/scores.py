"""One bar per expected dimension, labelled as in the rubric (心情理解, 事実確認, …)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from kasuhara_sim.display import bar


def score_colour(score: float, rubric=None) -> str:
    """The colour of a score, from the rubric's pass mark and mastery band (imported here: pydantic is not needed for
    the first frame)."""
    from kasuhara_sim.scoring import default_rubric

    return {"good": "$success", "mid": "$warning", "low": "$error"}[(rubric or default_rubric()).band(score)]


class DimensionBars(Widget):
    DEFAULT_CSS = "DimensionBars { width: auto; height: auto; }"
    BAR = 10

    def __init__(self, rows: list[tuple[str, int]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows = rows

    def get_content_width(self, container, viewport) -> int:
        label_w = max((cell_len(label) for label, _ in self.rows), default=0)
        return label_w + 1 + self.BAR + 4

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.rows) * (2 if self._stacked(width) else 1)

    def _stacked(self, width: int) -> bool:
        """Labels above the bars when label, bar and number do not fit on one line."""
        label_w = max((cell_len(label) for label, _ in self.rows), default=0)
        return label_w + 1 + self.BAR + 4 > width

    def render(self) -> Content:
        width = self.size.width
        label_w = max((cell_len(label) for label, _ in self.rows), default=0)
        stacked = self._stacked(width)
        lines = []
        for label, score in self.rows:
            bar_content = Content.assemble((bar(score, self.BAR), score_colour(score)), f" {score:>3}")
            if stacked:
                lines += [Content(label), bar_content]
            else:
                lines.append(Content.assemble(label + " " * (label_w - cell_len(label) + 1), bar_content))
        return Content("\n").join(lines)
