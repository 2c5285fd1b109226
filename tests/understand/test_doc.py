"""docs/understand.md cannot silently fall behind the recogniser: it names every label and every key of a rules file,
and its example rules file works as it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kasuhara_sim.understand.rules import LABELS, RULE_KEYS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "understand.md").read_text(encoding="utf-8")
FILE_KEYS = ("lexicon", "typos", "fold", "rules", "overrides")


def test_the_doc_names_every_label_and_every_rules_file_key():
    named = set(re.findall(r"`([a-z_]+)`", DOC))
    missing = (set(LABELS) | RULE_KEYS | set(FILE_KEYS)) - named
    assert not missing, f"docs/understand.md does not name {sorted(missing)}"


def test_the_docs_example_rules_file_does_what_it_says(tmp_path):
    pytest.importorskip("sudachipy")
    from kasuhara_sim.understand.recognise import Recogniser

    (block,) = [b for b in re.findall(r"^```yaml\n(.*?)^```", DOC, flags=re.S | re.M) if "id: ours." in b]
    ours = tmp_path / "ours.yaml"
    ours.write_text(block, encoding="utf-8")
    rec = Recogniser(extra_rules=[ours])
    added = [r for r in rec.rules.rules if r.id.startswith("ours.")]
    assert added
    for rule in added:
        assert all(any(e.rule == rule.id for e in rec.recognise(t).evidence) for t in rule.examples)
        assert not any(any(e.rule == rule.id for e in rec.recognise(t).evidence) for t in rule.counter)
    assert "escalate" in rec.recognise("エリア統括に報告いたします。").steps
    assert "record" not in rec.recognise("録音させていただきます。").steps
