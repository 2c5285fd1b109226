"""自由回答: which of the replies shown a typed reply is taken as, from the tags the recogniser found in it.

The engine knows nothing of the recogniser: it is given the typed words and their tags as plain data. The run goes on
along the authored reply that matches best (its anger, flags, route and reaction), while the typed words and their
own tags are what the transcript keeps and what is scored."""

from __future__ import annotations

import unicodedata

from kasuhara_sim.engine.run import VisibleChoice

_PUNCT = set("、。，．,.!！?？「」『』（）()・…ー〜~ 　\n\t")


def _bigrams(text: str) -> set[str]:
    s = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch not in _PUNCT)
    return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams (width folded, punctuation ignored): 1.0 for the same words."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def match_key(vc: VisibleChoice, steps, ng, text: str) -> tuple:
    """Larger is better. Mistakes first (the typed reply's mistakes that the reply shares, then the fewest mistakes
    the typed reply did not make), then steps the same way, then the closest wording among the reply's variants."""
    c = vc.choice
    mine_ng, mine_steps = set(ng), set(steps)
    theirs_ng, theirs_steps = set(c.ng), set(c.steps)
    close = max([similarity(text, t) for t in (vc.text, *c.texts)] or [0.0])
    return (len(mine_ng & theirs_ng), -len(theirs_ng - mine_ng), len(mine_steps & theirs_steps),
            -len(theirs_steps - mine_steps), close, -vc.number)


def match_reply(shown: list[VisibleChoice], steps, ng, text: str = "") -> VisibleChoice:
    """The reply shown that a typed reply with these tags is taken as (ties: the one shown first)."""
    if not shown:
        raise ValueError("no reply shown")
    return max(shown, key=lambda vc: match_key(vc, steps, ng, text))
