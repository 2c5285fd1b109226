"""The language of the UI: which one is active, and the catalogs that turn the Japanese labels into it.

Japanese is the source language: every message is written in Japanese in ``strings.py`` (and the command line's
help in ``cli/``), and that text is the msgid of the gettext catalogs in ``kasuhara_sim/locale/``. Choosing another
language rewrites the attributes of ``strings.py`` in place (class attributes, module constants, the values of the
label dicts), so every module that reads ``Tui.key_quit`` or ``CATEGORIES[...]`` at the moment it shows a label gets
the chosen language without knowing about gettext. Choosing Japanese puts the original text back.

Text captured before the language was chosen (Textual bindings, click help) goes through :func:`relabel`, which
knows every rendition of a message. Scenario content is never translated.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

from kasuhara_sim import strings

DOMAIN = "kasuhara_sim"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE = "ja"
LANGUAGES = ("ja", "en")
ENV = "KASUHARA_SIM_LANG"

_current = SOURCE
_originals: dict[tuple[int, str], tuple] | None = None  # (owner, attribute) -> (owner, attribute, context, Japanese)
_catalogs: dict[str, dict[str, str]] = {}  # language -> {key: msgstr}; a key is "CONTEXT\x04msgid", as in a .mo
_known: dict[str, list[str]] = {}  # every rendition of a message (any language) -> the keys it may stand for
SEP = "\x04"


def key(context: str | None, msgid: str) -> str:
    return msgid if context is None else f"{context}{SEP}{msgid}"


def _language_of(value: str | None) -> str | None:
    """"en_GB.UTF-8" -> "en"; None for an empty value, C/POSIX or a language the UI does not have."""
    if not value:
        return None
    lang = value.split(":")[0].split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return lang if lang in LANGUAGES else None


def choose(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The UI language: ``--lang``, then KASUHARA_SIM_LANG, then the locale (as gettext reads it), else Japanese."""
    env = os.environ if environ is None else environ
    for value in (option, env.get(ENV)):
        if lang := _language_of(value):
            return lang
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(var):
            # The first variable that is set decides, as in gettext; C or POSIX means "no preference".
            return _language_of(env[var]) or SOURCE
    return SOURCE


def catalog(lang: str) -> dict[str, str]:
    """key -> msgstr of one language: the compiled .mo of an installed package, else the .po of a checkout."""
    if lang == SOURCE:
        return {}
    if lang not in _catalogs:
        mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.exists():
            with mo.open("rb") as fp:
                found = gettext.GNUTranslations(fp)._catalog  # noqa: SLF001 (the plain msgid -> msgstr dict)
            _catalogs[lang] = {k: v for k, v in found.items() if isinstance(k, str) and k and v}
        else:
            _catalogs[lang] = _read_po(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po")
    return _catalogs[lang]


def _read_po(path: Path) -> dict[str, str]:
    # A source checkout has no .mo (they are built into the wheel); Babel, a development dependency, reads the .po.
    from babel.messages.pofile import read_po

    with path.open("rb") as fp:
        cat = read_po(fp)
    return {key(m.context, m.id): m.string for m in cat if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def current() -> str:
    return _current


def _each_label():
    """(owner, attribute, context, value) for every label of strings.py: module constants and the attributes of its
    classes. The context is the attribute's name (``Tui.key_quit``), as the extractor gives it."""
    for name, value in list(vars(strings).items()):
        if name.startswith("_") or name == "annotations":
            continue
        if isinstance(value, type) and value.__module__ == strings.__name__:
            for attr, inner in list(vars(value).items()):
                if not attr.startswith("_") and isinstance(inner, (str, tuple, dict)):
                    yield value, attr, f"{name}.{attr}", inner
        elif isinstance(value, (str, tuple, dict)):
            yield strings, name, name, value


def _translate(value, table: Mapping[str, str], context: str):
    if isinstance(value, str):
        return table.get(key(context, value), value)
    if isinstance(value, tuple):
        return tuple(_translate(v, table, context) for v in value)
    if isinstance(value, dict):
        return {k: _translate(v, table, context) for k, v in value.items()}
    return value


def set_language(lang: str) -> None:
    """Make ``lang`` the language of every label. Safe to call again, with any language, at any time."""
    global _current, _originals
    if lang not in LANGUAGES:
        raise ValueError(lang)
    if _originals is None:
        _originals = {(id(owner), attr): (owner, attr, context, _copy(value))
                      for owner, attr, context, value in _each_label()}
    table = catalog(lang)
    for owner, attr, context, original in _originals.values():
        new = _translate(original, table, context)
        old = getattr(owner, attr)
        if isinstance(old, dict):
            old.clear()  # in place: modules that imported the dict itself see the new labels
            old.update(new)
        else:
            setattr(owner, attr, new)
    _current = lang


def _copy(value):
    return dict(value) if isinstance(value, dict) else value


def _index() -> dict[str, str]:
    if not _known:
        for lang in LANGUAGES:
            for k, msgstr in catalog(lang).items():
                msgid = k.rpartition(SEP)[2]
                for text in dict.fromkeys((msgid, msgstr)):
                    if k not in _known.setdefault(text, []):
                        _known[text].append(k)
    return _known


def relabel(text: str, prefer: str = "") -> str:
    """``text`` in the active language, whatever language it was captured in (a label bound before the choice).
    Text that is no message (a scenario's own words, a custom rubric label) comes back unchanged. The same text may
    be several messages: ``prefer`` picks those whose attribute starts with it (``key_`` for the footer's keys)."""
    if _current == SOURCE and not any(_catalogs.values()):
        return text  # no other language was ever loaded: every label is still the Japanese one
    keys = _index().get(text)
    if not keys:
        return text
    found = next((k for k in keys if k.partition(SEP)[0].rpartition(".")[2].startswith(prefer)), keys[0])
    return catalog(_current).get(found, found.rpartition(SEP)[2])
