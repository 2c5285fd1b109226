"""Text normalisation that remembers where every character came from, so evidence points at the words as typed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...]  # origin[i] = index in the typed text of normalised character i; one extra at the end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The typed-text span of normalised characters start..end."""
        begin = self.origin[start]
        if end <= start:
            return begin, begin
        last = self.origin[end - 1]
        k = end
        while self.origin[k] <= last:  # the last entry is the typed length, greater than any index
            k += 1
        return begin, self.origin[k]


def _nfkc_with_origin(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        # A half-width kana followed by a combining (han)dakuten composes into one character: normalise them together.
        j = i + 1
        while j < len(text) and text[j] in "\uff9e\uff9f\u3099\u309a":
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        if "\uff66" <= text[i] <= "\uff9d":
            # half-width katakana is how some terminals and old systems type everything: read it as hiragana
            piece = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in piece)
        out.append(piece)
        origin.extend([i] * len(piece))
        i = j
    return "".join(out), origin


def normalise(text: str, typos: dict[str, str]) -> Normalised:
    """NFKC (width and compatibility variants), then the typo table, longest typo first."""
    norm, origin = _nfkc_with_origin(text)
    norm = norm.replace("\u301c", "\uff5e")
    if typos:
        keys = sorted(typos, key=len, reverse=True)
        out: list[str] = []
        out_origin: list[int] = []
        i = 0
        while i < len(norm):
            for k in keys:
                if norm.startswith(k, i):
                    rep = typos[k]
                    out.append(rep)
                    # each replacement character points into the typo's span, proportionally
                    out_origin.extend(origin[i + min(n * len(k) // max(len(rep), 1), len(k) - 1)] for n in range(len(rep)))
                    i += len(k)
                    break
            else:
                out.append(norm[i])
                out_origin.append(origin[i])
                i += 1
        norm, origin = "".join(out), out_origin
    return Normalised(norm, tuple(origin) + (len(text),))
