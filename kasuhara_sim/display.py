"""How values are shown, wherever they are shown: durations, local times, text cut to a terminal width, score bars,
text made safe for a terminal, Japanese line breaking, and the console every command prints through.

The TUI, the reports and the command line all use these, so that a time or a score reads the same on every screen
and in every file. Standard library and Rich only: no Textual, nothing of the core.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime

from kasuhara_sim.strings import Results as R


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def ascii_digits(text: str) -> str:
    """Full-width digits as ASCII: a reply number typed with a Japanese IME on (「２」) is the number 2."""
    return text.translate(_FULL_WIDTH_DIGITS)


def format_elapsed(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


def local_time(ts: str | None, fmt: str | None = None) -> str:
    fmt = R.date_format if fmt is None else fmt  # read now: the language is chosen after import
    if not ts:
        return R.none
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone().strftime(fmt)  # as store.db.parse_time


def short(text: str, width: int = 28) -> str:
    """``text`` cut to ``width`` terminal cells (Japanese characters take two)."""
    from rich.cells import cell_len  # here, so that the command line can clean its messages without loading Rich

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


# --- text that reaches a terminal ----------------------------------------------------------------------------------
# Whole escape sequences first (CSI, OSC such as a window title or an OSC 52 clipboard write, DCS/SOS/PM/APC, and
# two-byte ESC forms), so that their payload does not show as junk; then any other C0 control except newline and tab,
# DEL and C1 (which some terminals also obey as 8-bit CSI/OSC).
_CONTROL = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"   # CSI ... final byte
    r"|[\x1b\x9d\x90\x98\x9e\x9f][\]PX^_]?[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC/DCS/... up to BEL or ST
    r"|\x1b[ -/]*[0-~]?"                     # other ESC sequences (and a lone ESC)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def clean(text: str) -> str:
    """``text`` without control characters or escape sequences (newlines and tabs kept): scenario text and stored
    names are written by other people, and a terminal obeys what they hide (a new window title, a cleared screen, a
    clipboard write)."""
    return _CONTROL.sub("", text) if text else text


def console(**kwargs):
    """The Rich console every command prints through. Text is never read as markup or emoji codes (a trainee named
    ``[/]`` or ``:x:`` is shown as typed), and when the output is not a terminal nothing is wrapped: a piped log or a
    file keeps one line per line, for grep and for screen readers, which wrap by themselves."""
    from rich.console import Console

    out = Console(markup=False, emoji=False, highlight=False, **kwargs)
    if not out.is_terminal:
        out.soft_wrap = True
    return out


# --- Japanese line breaking (禁則処理) --------------------------------------------------------------------------
# 行頭禁則: characters that may not begin a line.
NO_START = frozenset(
    "、。，．・：；？！゛゜ヽヾゝゞ々〻ー―‐〜～）］｝〕〉》」』】〙〗〟’”｠»"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ…‥"
    ",.:;!?)]}%"
)
# 行末禁則: characters that may not end a line.
NO_END = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{")


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "-_'/@#&+")


def break_points(text: str, width: int) -> list[int]:
    """Offsets where ``text`` (one paragraph) is broken so that every line fits ``width`` cells, by the basic kinsoku
    rules: closing punctuation and small kana never start a line, opening brackets never end one, Latin words stay
    whole where they fit. Spaces at a break are swallowed: the offset after them is listed too."""
    from rich.cells import cell_len

    width = max(2, width)
    points: list[int] = []
    start, n = 0, len(text)
    while start < n:
        used, end = 0, start
        while end < n:
            w = cell_len(text[end])
            if used + w > width:
                break
            used += w
            end += 1
        if end >= n:
            break
        brk = end
        # Keep a Latin word whole when it fits on a line of its own.
        if _word_char(text[brk]) and _word_char(text[brk - 1]):
            b = brk
            while b > start and _word_char(text[b - 1]):
                b -= 1
            if b > start:
                brk = b
        # Push characters to the next line until it does not start with a forbidden character, and this line does
        # not end with an opening bracket.
        while brk > start + 1 and (text[brk] in NO_START or text[brk - 1] in NO_END):
            brk -= 1
        if brk <= start:
            brk = max(end, start + 1)
        points.append(brk)
        start = brk
        while start < n and text[start] == " ":  # a space at a break is swallowed by the break
            start += 1
        if start != brk:
            points.append(start)  # marks the swallowed spaces; removed when the lines are cut
    return points


def wrap_ja(text: str, width: int) -> list[str]:
    """One paragraph cut into lines of at most ``width`` cells at :func:`break_points`."""
    if not text:
        return []
    cuts = [0, *break_points(text, width), len(text)]
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    # After the first line, an all-space piece is a run swallowed at a break, not a line.
    lines = [p for i, p in enumerate(pieces[:-1]) if i == 0 or p.strip(" ")]
    return [line.rstrip(" ") for line in lines] + ([pieces[-1]] if pieces[-1] else [])


def replace_unencodable() -> None:
    """Let stdout and stderr write what their encoding can carry and a replacement for the rest (a Latin-1, EUC-JP or
    ASCII terminal, a Windows console redirected to a file): a missing dash is better than a traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):  # not a text file, or already closed: leave it as it is
            pass
