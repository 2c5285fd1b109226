"""Every bad input of issue 2 gives one PATH:LINE:COL error at the offending node, never a traceback or a hang."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kasuhara_sim.format import yamlsource
from kasuhara_sim.format.diagnostics import ScenarioError
from kasuhara_sim.format.loader import load_scenario

EXAMPLE = (Path(__file__).parent.parent / "data" / "kettle.yaml").read_text(encoding="utf-8")


def bomb() -> str:
    text = 'a0: &a0 ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 12):
        text += f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]\n"
    return text


def variant(old: str, new: str, count: int = 1) -> str:
    assert old in EXAMPLE, old
    return EXAMPLE.replace(old, new, count)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# (name, file text, expected code, expected line (None: don't check), message fragment)
CASES = [
    ("typo-key", variant("    choices:", "    choises:"), "unknown-key", line_of(EXAMPLE, "    choices:"), "choices"),
    ("duplicate-node", variant("  blowup:\n", "  resolved:\n"), "duplicate-key", line_of(EXAMPLE, "  blowup:"), "resolved"),
    ("missing-next", variant("next: details\n", "next: detials\n"), "missing-node", line_of(EXAMPLE, "next: details"), "details"),
    ("missing-start", variant("start: opening", "start: opener"), "missing-node", line_of(EXAMPLE, "start: opening"), "opener"),
    ("route-last-if", variant("          - to: resolved", "          - to: resolved\n            if: {anger_below: 80}"),
     "route-last-if", line_of(EXAMPLE, "          - to: resolved") + 1, "if"),
    ("condition-key", variant("{anger_at_least: 80}", "{anger_atleast: 80}"), "unknown-key",
     line_of(EXAMPLE, "{anger_at_least: 80}"), "anger_at_least"),
    ("range", variant("anger: 70 ", "anger: 170 "), "range", line_of(EXAMPLE, "anger: 70 "), "0〜100"),
    ("choice-anger-range", variant("anger: +25", "anger: +250"), "range", line_of(EXAMPLE, "anger: +25"), "-100〜100"),
    ("wrong-type", variant("minutes: 6", "minutes: six"), "type", line_of(EXAMPLE, "minutes: 6"), "整数"),
    ("bool-text", variant("feedback: 代わりに何ができるかを示さない拒否。", "feedback: true"), "type",
     line_of(EXAMPLE, "feedback: 代わりに何ができるかを示さない拒否。"), "引用符"),
    ("unknown-step", variant("steps: [limited_apology, empathy]", "steps: [limited_apology, empathie]"), "unknown-value",
     line_of(EXAMPLE, "steps: [limited_apology, empathy]"), "empathie"),
    ("unknown-ng", variant("ng: [argue, premature_label]", "ng: [argue, labeling]"), "unknown-value",
     line_of(EXAMPLE, "ng: [argue, premature_label]"), "labeling"),
    ("unknown-outcome", variant("ending: escalated", "ending: exploded"), "unknown-value",
     line_of(EXAMPLE, "ending: escalated"), "exploded"),
    ("unknown-category", variant("category: angry_customer", "category: angry"), "unknown-value",
     line_of(EXAMPLE, "category: angry_customer"), "angry"),
    ("bad-id", variant("id: kettle-initial-defect", "id: Kettle_Defect"), "id-format", 3, "Kettle_Defect"),
    ("bad-format", variant("format: 1", "format: 2"), "format", 2, "1"),
    ("missing-key", variant("role: あなたは家電量販店のサービスカウンター担当です。\n", ""), "missing-key", 2, "role"),  # the top mapping starts after the comment line
    ("too-few-choices", variant("""      - text: 「お客様の使い方に問題があったのではないでしょうか。」
        ng: [argue, premature_label]
        anger: +25
        feedback: 事実を確かめる前に相手の落ち度を示唆し、怒りを強めている。
        next: blowup
      - text: 「レシートはお持ちですか？」
        steps: [fact_check]
        anger: +10
        feedback: 確認は必要だが、怒りを受け止める前に切り出すと事務的に響く。
        next: details
""", ""), "count", None, "2〜6"),
    ("ending-with-choices", variant("    ending: escalated\n", "    ending: escalated\n    choices: []\n"), "count", None, "2〜6"),
    ("turn-without-say", variant("    say: 「で、どうしてくれるの？」\n", ""), "missing-key", line_of(EXAMPLE, "  offer:"), "say"),
    ("ending-without-debrief", variant("    debrief: 最初の一言で相手の落ち度を示唆したことが決定的だった。\n", ""),
     "missing-key", line_of(EXAMPLE, "  blowup:"), "debrief"),
    ("yaml-syntax", variant("title: 初期不良", "title: 注意: 初期不良"), "yaml-syntax", 4, "引用符"),
    ("tab-indent", variant("  name: 田中様", "\tname: 田中様"), "yaml-syntax", line_of(EXAMPLE, "  name: 田中様"), "インデントにタブは使えません"),
    ("not-mapping", "- a\n- b\n", "not-mapping", 1, "マッピング"),
    ("empty", "", "not-mapping", 1, "空"),
    ("two-documents", EXAMPLE + "\n---\nformat: 1\n", "multiple-documents", None, "1つのシナリオ"),
    ("alias-bomb", bomb(), "alias-expansion", None, "展開"),
    ("alias-recursive", "a: &a [*a]\n", "alias-recursive", 1, "参照"),
    ("merge-key", "base: &b {x: 1}\nother:\n  <<: 1\n", "merge-key", 3, "<<"),
    ("bad-node-id", variant("  details:\n", "  details-2:\n"), "id-format", line_of(EXAMPLE, "  details:"), "details-2"),
]


@pytest.mark.parametrize("name,text,code,line,fragment", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_positioned_error(tmp_path, name, text, code, line, fragment):
    f = tmp_path / f"{name}.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    diags = info.value.diagnostics
    matching = [d for d in diags if d.code == code]
    assert matching, [d.format() for d in diags]
    d = matching[0]
    assert d.path == str(f)
    assert d.severity == "error"
    if line is not None:
        assert d.line == line, d.format()
    assert fragment and fragment in d.message
    assert d.format().startswith(f"{f}:{d.line}:{d.col}: error: ")
    assert d.format().endswith(f"[{code}]")


def test_shift_jis_file_names_the_encoding(tmp_path):
    f = tmp_path / "sjis.yaml"
    f.write_bytes(EXAMPLE.encode("cp932", errors="replace"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    (d,) = info.value.diagnostics
    assert d.code == "encoding"
    assert d.line == 4  # the title line holds the first non-ASCII byte
    assert "Shift_JIS" in d.message and "UTF-8" in d.message


def test_utf8_bom_is_accepted(tmp_path):
    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.encode("utf-8"))
    assert load_scenario(f).id == "kettle-initial-defect"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "nope.yaml")
    assert info.value.diagnostics[0].code == "not-found"
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path)
    assert info.value.diagnostics[0].code == "not-a-file"


def test_unreadable_file(tmp_path, monkeypatch):
    f = tmp_path / "locked.yaml"
    f.write_text(EXAMPLE, encoding="utf-8")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    assert info.value.diagnostics[0].code == "unreadable"


def test_file_over_the_size_limit(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text("# " + "x" * (yamlsource.MAX_FILE_BYTES + 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    assert info.value.diagnostics[0].code == "too-large"


def test_several_problems_are_all_reported(tmp_path):
    text = variant("category: angry_customer", "category: angry").replace("minutes: 6", "minutes: six")
    f = tmp_path / "two.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    assert {d.code for d in info.value.diagnostics} == {"unknown-value", "type"}


@pytest.mark.parametrize("name,text,code,line,fragment", [c for c in CASES if c[0] in
                         ("typo-key", "duplicate-node", "alias-bomb", "yaml-syntax", "not-mapping")],
                         ids=lambda v: v if isinstance(v, str) and len(v) < 20 else "")
def test_cli_reports_one_line_and_exit_1(tmp_path, cli_exe, name, text, code, line, fragment):
    f = tmp_path / f"{name}.yaml"
    f.write_text(text, encoding="utf-8")
    for args in (["validate", str(f)], ["play", str(f), "--choices", "1"]):
        proc = subprocess.run([cli_exe, *args], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
        lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if f"[{code}]" in ln]
        assert lines and lines[0].startswith(f"{f}:"), proc.stdout + proc.stderr
