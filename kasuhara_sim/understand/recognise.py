"""The recogniser: a typed reply in, the steps it performs and the mistakes it makes out, each with its words.

A pattern is a line of elements separated by spaces, matched token by token over SudachiPy's normalised forms (so
わかる/分かる/分かり and お/ご compare equal): a literal in plain Japanese (analysed like the reply; ``*`` at its end
matches a longer last word), ``{name}`` any word of the lexicon list, ``a|b`` alternatives, ``…`` or ``…N`` a gap of at
most 8 or N words inside the sentence, ``^`` the sentence's start, ``$`` its end; ``?`` after an element makes it
optional; ``=word`` compares the words as written (for particles like =よね), ``<人名>`` a part of speech.
After a match, the predicate's auxiliaries are read to tell わかります from わかりません."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kasuhara_sim.understand.advice import advise
from kasuhara_sim.understand.normalise import Normalised, normalise
from kasuhara_sim.understand.rules import NG_TAGS, STEPS, Rule, RuleSet, load_rules

SENTENCE_END = {"。", "！", "？", "!", "?", "\n", "．"}
QUESTION_END = {"？", "?"}
NEGATIONS = {"ず", "ない", "無い", "ぬ", "ん"}
# verbs that continue a predicate without changing its polarity (〜ている, 〜ておる, 〜ていただく, …)
AUX_VERBS = {"居る", "いる", "おる", "有る", "ある", "頂く", "いただく", "下さる", "くださる", "仕舞う", "しまう", "致す",
             "いたす", "為る", "する", "貰う", "もらう", "申し上げる", "上げる", "差し上げる", "来る", "行く", "置く", "御座る"}
DEFAULT_GAP = 8


@dataclass(frozen=True)
class Evidence:
    label: str
    rule: str
    start: int
    end: int
    words: str
    explain: str

    def as_dict(self) -> dict:
        return {"label": self.label, "rule": self.rule, "start": self.start, "end": self.end, "words": self.words,
                "explain": self.explain}


@dataclass
class Recognition:
    text: str
    steps: list[str] = field(default_factory=list)
    ng: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    advice: list = field(default_factory=list)  # 言葉づかい (advice.Advice): never a step or an NG tag

    @property
    def recognised(self) -> bool:
        return bool(self.steps or self.ng)

    def as_dict(self) -> dict:
        return {"text": self.text, "steps": self.steps, "ng": self.ng,
                "evidence": [e.as_dict() for e in self.evidence], "advice": [a.as_dict() for a in self.advice]}


@dataclass(frozen=True)
class _Tok:
    key: str
    surface: str
    pos0: str
    pos1: str
    pos: tuple
    start: int  # in the normalised text
    end: int


@dataclass
class _Elem:
    alts: list[tuple[str, str, bool]]  # (key, surface, prefix) — prefix: the last word may be longer
    optional: bool = False
    gap: int | None = None  # a gap element, with its maximum length
    anchor: str | None = None  # "^" or "$"


class Recogniser:
    """Loads SudachiPy and the rules once; ``recognise`` is deterministic and fast."""

    def __init__(self, extra_rules: list[str | Path] = (), rules: RuleSet | None = None):
        from sudachipy import Dictionary, SplitMode  # the heavy import, only when free text is used

        dictionary = Dictionary(dict="core")
        make = getattr(dictionary, "tokenizer", None) or dictionary.create  # tokenizer() since SudachiPy 0.7
        self._tokenizer = make(SplitMode.B)  # B: compounds split, idioms kept
        self.rules = rules if rules is not None else load_rules(list(extra_rules))
        self._lex_cache: dict[str, list[tuple[str, str, bool]]] = {}
        self._compiled: list[tuple[Rule, list[list[_Elem]], list[list[_Elem]], list[str]]] = []
        for rule in self.rules.rules:
            pats = [self._compile(p, rule.id) for p in rule.patterns]
            unless = [self._compile(p, rule.id) for p in rule.unless]
            follow = [self._key(w) for w in rule.unless_followed_by]
            self._compiled.append((rule, pats, unless, follow))
        self._req = {id(e): self._required(e) for _, pats, unless, _ in self._compiled for e in pats + unless}

    # -- analysis ---------------------------------------------------------------------------------------------------
    def _fold(self, form: str) -> str:
        return self.rules.fold.get(form, form)

    def _tokens(self, norm: Normalised) -> list[_Tok]:
        toks = []
        for m in self._tokenizer.tokenize(norm.text):
            surface = m.surface()
            if not surface.strip():
                continue
            pos = m.part_of_speech()
            key = self._fold(m.normalized_form())
            toks.append(_Tok(key, surface, pos[0], pos[1], tuple(pos), m.begin(), m.end()))
        return toks

    def _key(self, literal: str) -> str:
        norm = normalise(literal, self.rules.typos)
        return "".join(t.key for t in self._tokens(norm))

    def _compile(self, pattern: str, rid: str) -> list[_Elem]:
        from kasuhara_sim.understand.rules import RuleError

        elems: list[_Elem] = []
        for raw in pattern.split():
            optional = raw.endswith("?") and len(raw) > 1 and raw not in ("?",)
            piece = raw[:-1] if optional else raw
            if piece in ("^", "$"):
                elems.append(_Elem([], anchor=piece))
                continue
            if piece.startswith("…") or piece.startswith("..."):
                digits = piece.lstrip("….")
                elems.append(_Elem([], gap=int(digits) if digits.isdigit() else DEFAULT_GAP))
                continue
            alts: list[tuple[str, bool]] = []
            for alt in piece.split("|"):
                if alt.startswith("{") and alt.endswith("}"):
                    name = alt[1:-1]
                    if name not in self.rules.lexicon:
                        raise RuleError(f"rule {rid}: error: 辞書 {name} がありません")
                    if name not in self._lex_cache:
                        self._lex_cache[name] = [self._literal(w) for w in self.rules.lexicon[name]]
                    alts.extend(self._lex_cache[name])
                elif alt:
                    alts.append(self._literal(alt))
            if not alts:
                raise RuleError(f"rule {rid}: error: 空の要素があります: {pattern}")
            elems.append(_Elem(alts, optional=optional))
        return elems

    def _literal(self, word: str) -> tuple[str, str, bool]:
        if word.startswith("<") and word.endswith(">"):
            return word, word, False
        prefix = word.endswith("*")
        word = word.rstrip("*")
        surface = normalise(word.lstrip("="), self.rules.typos).text.replace(" ", "")
        if word.startswith("="):
            return "=", surface, prefix
        return self._key(word), surface, prefix

    # -- matching ---------------------------------------------------------------------------------------------------
    @staticmethod
    def _accumulate(toks: list[_Tok], i: int, end: int, key: str, prefix: bool, surface: bool) -> int | None:
        acc = ""
        j = i
        while j < end and len(acc) < len(key):
            acc += toks[j].surface if surface else toks[j].key
            j += 1
            if acc == key:
                return j
            if not key.startswith(acc):
                return j if prefix and acc.startswith(key) else None
        return None

    def _match_alt(self, toks: list[_Tok], i: int, end: int, alt: tuple[str, str, bool]) -> int | None:
        key, surf, prefix = alt
        if key.startswith("<") and key.endswith(">"):  # a part of speech, e.g. <人名>
            return i + 1 if i < end and key[1:-1] in toks[i].pos else None
        if key.startswith("="):  # =でしょう: only the words as written
            return self._accumulate(toks, i, end, surf, prefix, True)
        # dictionary forms first (わかり = 分かる), then the words as written (お願い in お願いします)
        got = self._accumulate(toks, i, end, key, prefix, False)
        return got if got is not None else self._accumulate(toks, i, end, surf, prefix, True)

    def _match(self, elems: list[_Elem], toks: list[_Tok], s0: int, s1: int, i: int, k: int,
               used: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
        """Match elems[k:] from token i within the sentence s0..s1; the word ranges used, or None."""
        if k == len(elems):
            return used
        e = elems[k]
        if e.anchor == "^":
            # the sentence's start, after any opening bracket or punctuation (「お言葉ですが、…」)
            at_start = all(t.pos0 == "補助記号" for t in toks[s0:i])
            return self._match(elems, toks, s0, s1, i, k + 1, used) if at_start else None
        if e.anchor == "$":
            rest = toks[i:s1]
            return used if all(t.pos0 == "補助記号" or t.surface in ("よ", "ね", "か") for t in rest) else None
        if e.gap is not None:
            for g in range(0, e.gap + 1):
                if i + g > s1:
                    break
                got = self._match(elems, toks, s0, s1, i + g, k + 1, used)
                if got is not None:
                    return got
            return None
        for alt in e.alts:
            j = self._match_alt(toks, i, s1, alt)
            if j is not None:
                got = self._match(elems, toks, s0, s1, j, k + 1, used + [(i, j)])
                if got is not None:
                    return got
        if e.optional:
            return self._match(elems, toks, s0, s1, i, k + 1, used)
        return None

    @staticmethod
    def _required(elems: list[_Elem]) -> list[tuple[str, ...]]:
        """For each element that must match, the strings one of which the sentence must contain (a quick filter)."""
        req = []
        for e in elems:
            if e.optional or e.gap is not None or e.anchor or any(k.startswith("<") for k, _, _ in e.alts):
                continue
            req.append(tuple(x for k, surf, _ in e.alts for x in ((surf,) if k == "=" else (k, surf))))
        return req

    def _find(self, elems, toks, s0, s1, keys: str = "", surf: str = "") -> list[tuple[int, int]] | None:
        if keys or surf:
            for alts in self._req[id(elems)]:
                if not any(k in keys or k in surf for k in alts if k):
                    return None
        for i in range(s0, s1 + 1):
            got = self._match(elems, toks, s0, s1, i, 0, [])
            if got:
                return got
        return None

    @staticmethod
    def _after(toks: list[_Tok], j: int, s1: int) -> tuple[bool, int]:
        """Whether the predicate ending at token j is negated, and the index of the first word after it."""
        neg = False
        while j < s1:
            t = toks[j]
            if t.key in ("兼ねる", "かねる"):  # いたしかねます: a polite "cannot"
                neg = not neg
                j += 1
            elif t.pos0 == "助動詞" or (t.pos0 == "形容詞" and t.key in ("無い", "ない")):
                if t.key in NEGATIONS:
                    neg = not neg
                j += 1
            elif t.pos0 == "動詞" and t.key in AUX_VERBS:
                j += 1
            elif t.key in ("事", "こと") and j + 1 < s1 and toks[j + 1].surface in ("は", "が", "も"):
                j += 2  # 〜することはできません
            elif t.key in ("出来る", "できる", "得る", "える") and t.pos0 == "動詞":
                j += 1
            elif t.pos0 == "助詞" and t.surface in ("て", "で", "ては", "ちゃ", "は", "も"):
                j += 1
            elif t.pos0 == "接尾辞" and t.surface in ("がる", "そう"):
                j += 1
            else:
                break
        return neg, j

    def recognise(self, text: str) -> Recognition:
        norm = normalise(text, self.rules.typos)
        toks = self._tokens(norm)
        sentences: list[tuple[int, int]] = []
        s0 = 0
        for n, t in enumerate(toks):
            if t.surface in SENTENCE_END or t.surface[-1:] in SENTENCE_END:
                sentences.append((s0, n + 1))
                s0 = n + 1
        if s0 < len(toks):
            sentences.append((s0, len(toks)))
        found: dict[str, list[Evidence]] = {}
        joined = [("".join(t.key for t in toks[a:b]), "".join(t.surface for t in toks[a:b])) for a, b in sentences]
        for rule, pats, unless, follow in self._compiled:
            for (a, b), (keys, surf) in zip(sentences, joined):
                if rule.question is not None:
                    asks = any(t.surface in QUESTION_END for t in toks[a:b]) or (
                        b > a and toks[b - 1 if toks[b - 1].pos0 != "補助記号" else max(a, b - 2)].surface == "か")
                    if asks != rule.question:
                        continue
                got = None
                for elems in pats:
                    got = self._find(elems, toks, a, b, keys, surf)
                    if got:
                        break
                if not got:
                    continue
                if rule.polarity != "any" or follow:
                    neg, nxt = self._after(toks, got[-1][1], b)
                    if rule.polarity == "positive" and (neg or any(self._after(toks, e, b)[0] for _, e in got[:-1])):
                        continue
                    if rule.polarity == "final" and neg:
                        continue
                    if rule.polarity == "negative" and not neg:
                        continue
                    if follow and nxt < b:
                        rest = "".join(t.key for t in toks[nxt:b])
                        if any(rest.startswith(f) for f in follow):
                            continue
                if any(self._find(u, toks, a, b, keys, surf) for u in unless):
                    continue
                last = got[-1][1]
                if rule.polarity != "any":  # the evidence runs to the end of the predicate: お受けできません
                    last = max(last, self._after(toks, last, b)[1])
                first = got[0][0]
                if first > a and toks[first - 1].pos0 == "接頭辞":  # お受け, ご不便: the honorific prefix belongs
                    first -= 1
                begin, end = norm.span(toks[first].start, toks[last - 1].end)
                found.setdefault(rule.label, []).append(
                    Evidence(rule.label, rule.id, begin, end, text[begin:end], rule.explain))
                break  # one piece of evidence per rule is enough
        labels = set(found)
        for when, drops in self.rules.overrides:
            if when in labels:
                for d in drops:
                    labels.discard(d)
        evidence = sorted((e for lab in labels for e in _widest(found[lab])), key=lambda e: (e.start, e.end, e.label))
        return Recognition(text=text, steps=[s for s in STEPS if s in labels], ng=[g for g in NG_TAGS if g in labels],
                           evidence=evidence, advice=advise(text))


def _widest(pieces: list[Evidence]) -> list[Evidence]:
    """A label's evidence without the pieces inside another of its pieces: 「申し訳ございません」 is not shown again under
    「お待たせしてしまい、申し訳ございません」 (the wider words say more)."""
    kept: list[Evidence] = []
    for e in sorted(pieces, key=lambda e: (e.start, -(e.end - e.start))):
        if not any(k.start <= e.start and e.end <= k.end for k in kept):
            kept.append(e)
    return kept


_DEFAULT: Recogniser | None = None


def default_recogniser() -> Recogniser:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Recogniser()
    return _DEFAULT
