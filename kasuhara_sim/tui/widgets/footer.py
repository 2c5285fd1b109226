"""The footer of every screen: the main keys, packed tighter on narrow terminals so that none is cut off."""

from __future__ import annotations

from textual.widgets import Footer

NARROW = 72  # the width below which screens switch to their -narrow layout (see KasuharaApp)


class KeysFooter(Footer):
    def on_resize(self) -> None:
        self.compact = self.size.width < NARROW
