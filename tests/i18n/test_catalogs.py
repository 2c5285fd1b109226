"""The catalogs: complete in both languages, in step with the code, and with the same placeholders."""

from __future__ import annotations

import io
import re
import string

import pytest

pytest.importorskip("babel")

from kasuhara_sim import i18n, strings  # noqa: E402
from kasuhara_sim.i18n import catalogs  # noqa: E402

JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def entries(cat):
    return {(m.context, m.id): m for m in cat if m.id}


@pytest.fixture(scope="module")
def template():
    return catalogs.extract()


def test_the_template_is_up_to_date(template):
    """A message added to strings.py (or a --help added to cli/) is in the committed template: run
    ``python -m kasuhara_sim.i18n.catalogs`` after adding one."""
    committed = catalogs.read(catalogs.TEMPLATE)
    assert set(entries(template)) == set(entries(committed))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_message_is_translated(template, lang):
    cat = entries(catalogs.read(catalogs.po_path(lang), lang))
    missing = [k for k in entries(template) if k not in cat or not cat[k].string or cat[k].fuzzy]
    assert not missing, f"{lang}: {len(missing)} messages without a translation, e.g. {missing[:3]}"
    stale = set(cat) - set(entries(template))
    assert not stale, f"{lang}: translations of messages that no longer exist: {sorted(stale)[:3]}"


def test_the_japanese_catalog_is_the_source_text():
    """Japanese is written in strings.py: its catalog repeats it and must not say anything else."""
    for m in catalogs.read(catalogs.po_path("ja"), "ja"):
        if m.id:
            assert m.string == m.id, m.id


def fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_placeholders_match():
    for m in catalogs.read(catalogs.po_path("en"), "en"):
        if m.id:
            assert fields(m.string) == fields(m.id), (m.context, m.id, m.string)


def test_the_english_has_no_japanese():
    for m in catalogs.read(catalogs.po_path("en"), "en"):
        if m.id:
            # Only a character that the message is about may stay (the full-width colon, quoted).
            assert not JAPANESE.search(m.string.replace('"："', "")), (m.context, m.id, m.string)


def test_the_extractor_finds_a_new_message():
    """What makes the tests above fail when a message is added without a translation: the extractor sees it."""
    from kasuhara_sim.i18n.extract import extract_strings

    src = (catalogs.ROOT / "kasuhara_sim" / "strings.py").read_text(encoding="utf-8")
    src += '\n\nclass Extra:\n    brand_new = "新しいメッセージ"\n    pair = ("一", "二")\n'
    found = {msg for _, _, msg, _ in extract_strings(io.BytesIO(src.encode()), (), (), {})}
    assert {("Extra.brand_new", "新しいメッセージ"), ("Extra.pair", "一"), ("Extra.pair", "二")} <= found
