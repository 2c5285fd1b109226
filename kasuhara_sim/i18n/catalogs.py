"""Keep the catalogs in step with the code: ``python -m kasuhara_sim.i18n.catalogs`` (needs Babel, a development
dependency; the same as ``pybabel extract -F babel.cfg`` followed by ``pybabel update``, written so that merges stay
easy: no dates, no line numbers, messages in the order of the code, no obsolete entries kept).

It rewrites ``locale/kasuhara_sim.pot`` from ``babel.cfg``, then each ``locale/LANG/LC_MESSAGES/kasuhara_sim.po``:
a message keeps its translation, a new one gets an empty one (the test suite then fails until someone writes it).
The Japanese catalog is the source text itself. Text with no Japanese in it (a symbol, a format) is its own
translation.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from kasuhara_sim.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, SOURCE

ROOT = LOCALE_DIR.parent.parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    template = Catalog(project="kasuhara-sim", fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(str(ROOT), method_map, options_map):
        entry = template.get(message, context)
        if entry is None:
            template.add(message, locations=[(filename, None)], auto_comments=comments, context=context)
        else:
            entry.auto_comments = list(dict.fromkeys([*entry.auto_comments, *comments]))
            if (filename, None) not in entry.locations:
                entry.locations.append((filename, None))
    return template


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=lang, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        write_po(fp, catalog, width=0, omit_header=True, include_lineno=False, ignore_obsolete=True)


def update(template: Catalog, lang: str) -> Catalog:
    path = po_path(lang)
    old = read(path, lang) if path.exists() else Catalog(locale=lang)
    # A message that is new here but translated elsewhere (the same text under another attribute) starts with that
    # translation; the translator changes it where the meaning differs.
    elsewhere = {m.id: m.string for m in old if m.id and m.string and not m.fuzzy}
    new = Catalog(locale=lang, domain=DOMAIN, project="kasuhara-sim", fuzzy=False)
    for msg in template:
        if not msg.id:
            continue
        kept = old.get(msg.id, msg.context)
        if lang == SOURCE:
            string = msg.id
        elif kept is not None and kept.string and not kept.fuzzy:
            string = kept.string
        else:
            string = elsewhere.get(msg.id, "" if JAPANESE.search(msg.id) else msg.id)
        new.add(msg.id, string, locations=msg.locations, auto_comments=msg.auto_comments, context=msg.context)
    return new


def compile_to(out_dir: Path) -> list[Path]:
    """The .mo of every translated language under ``out_dir`` (LANG/LC_MESSAGES/kasuhara_sim.mo)."""
    written = []
    for lang in LANGUAGES:
        if lang == SOURCE:
            continue
        target = out_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fp:
            write_mo(fp, read(po_path(lang), lang))
        written.append(target)
    return written


def main() -> int:
    template = extract()
    write(template, TEMPLATE)
    missing = 0
    for lang in LANGUAGES:
        catalog = update(template, lang)
        write(catalog, po_path(lang))
        todo = [m.id for m in catalog if m.id and not m.string]
        missing += len(todo)
        print(f"{po_path(lang).relative_to(ROOT)}: {len(catalog)} messages, {len(todo)} to translate")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
