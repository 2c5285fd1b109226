"""Japanese line breaking (禁則処理) for Textual.

Textual wraps CJK text at any character, so a line may start with 。 or 」 and a reply can end a line with 「.
Readers of Japanese find that sloppy. ``JaText`` wraps by the basic kinsoku rules instead: closing punctuation and
small kana never start a line, opening brackets never end one, and runs of Latin letters or digits are kept whole
where they fit. It can also hang a prefix (a speaker's name, a reply number) with the wrapped lines indented under
the text.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.visual import Visual

from kasuhara_sim.display import NO_END, NO_START, break_points  # noqa: F401  (the rules, re-exported)
from kasuhara_sim.tui.textsafe import strip_controls

def wrap(content: Content, width: int) -> list[Content]:
    """``content`` cut into lines of at most ``width`` cells; explicit newlines are kept."""
    lines: list[Content] = []
    for para in content.split("\n", allow_blank=True):
        if not para.plain:
            lines.append(Content(""))
            continue
        cuts = break_points(para.plain, width)
        pieces = para.divide(cuts) if cuts else [para]
        # divide() also yields the swallowed-space runs as pieces; drop them, and spaces left at a line's end.
        lines += [p.rstrip(" ") for p in pieces if p.plain.strip(" ")]
    return lines


def _safe(text: Content | str) -> Content:
    """Scenario text drawn here loses its control characters (styles go with them in the rare text that has any)."""
    if isinstance(text, Content):
        plain = text.plain
        clean = strip_controls(plain)
        return text if clean == plain else Content(clean)
    return Content(strip_controls(text))


class JaText(Visual):
    """Text wrapped by ``wrap``, with an optional hanging ``prefix`` (e.g. ``"1 "`` or a speaker's name)."""

    def __init__(self, content: Content | str, prefix: Content | str = "") -> None:
        self.content = _safe(content)
        self.prefix = _safe(prefix)
        self._lines: dict[int, tuple[Content, ...]] = {}

    def __str__(self) -> str:
        return self.prefix.plain + self.content.plain

    def lines(self, width: int) -> tuple[Content, ...]:
        # Cached per text and width: every layout asks each entry of the conversation for its height, and a cache
        # shared by all the texts on screen (as lru_cache on a method is) would wrap them all again each time.
        cached = self._lines.get(width)
        if cached is None:
            pw = self.prefix.cell_length
            body = wrap(self.content, max(2, width - pw)) or [Content("")]
            blank = Content(" " * pw)
            cached = tuple(Content.assemble(self.prefix if i == 0 else blank, line) for i, line in enumerate(body))
            if len(self._lines) >= 4:  # a few widths (resizes) at most
                self._lines.clear()
            self._lines[width] = cached
        return cached

    def render_strips(self, width, height, style, options):
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules, container_width: int) -> int:
        longest = max((cell_len(p) for p in self.content.plain.split("\n")), default=0)
        return min(container_width, self.prefix.cell_length + longest)

    def get_minimal_width(self, rules) -> int:
        return self.prefix.cell_length + 2

    def get_height(self, rules, width: int) -> int:
        return len(self.lines(width))
