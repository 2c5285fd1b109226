"""``kasuhara-sim understand``: arguments or standard input, plain or one JSON object per line."""

from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

pytest.importorskip("sudachipy")

from kasuhara_sim.cli.root import cli, main  # noqa: E402


def test_json_per_line_from_stdin():
    out = CliRunner().invoke(cli, ["understand", "--json"],
                             input="お気持ちはわかります。\n本当に昨日入れたんですか？\nえっと\n")
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["text"] for r in rows] == ["お気持ちはわかります。", "本当に昨日入れたんですか？", "えっと"]
    assert rows[0]["steps"] == ["empathy"] and rows[0]["ng"] == []
    assert rows[1]["ng"] == ["argue"] and rows[1]["steps"] == []
    assert rows[2] == {"text": "えっと", "steps": [], "ng": [], "evidence": [], "advice": []}
    ev = rows[0]["evidence"][0]
    assert set(ev) == {"label", "rule", "start", "end", "words", "explain"}
    assert rows[0]["text"][ev["start"]:ev["end"]] == ev["words"]


def test_plain_from_arguments_shows_the_words():
    out = CliRunner().invoke(cli, ["understand", "申し訳ございませんが、返品はお受けできません。", "えっと"])
    assert out.exit_code == 0, out.output
    assert "bare_refusal: 「お受けできません」" in out.output
    assert "limited_apology" not in out.output
    assert "読み取れませんでした" in out.output


def test_an_organisation_rules_file_and_a_broken_one(tmp_path, capsys):
    ours = tmp_path / "ours.yaml"
    ours.write_text("rules:\n  - id: ours.x\n    label: empathy\n    pattern: 恐縮\n    explain: x\n    examples: [恐縮です]\n",
                    encoding="utf-8")
    out = CliRunner().invoke(cli, ["understand", "--json", "--rules", str(ours), "恐縮です"])
    assert json.loads(out.output)["steps"] == ["empathy"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["understand", "--rules", str(bad), "x"])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}: error:") and "Traceback" not in err


def test_the_command_is_lazy():
    from kasuhara_sim.cli.root import LAZY_COMMANDS

    assert LAZY_COMMANDS["understand"] == "kasuhara_sim.cli.understand:understand_cmd"
    import kasuhara_sim.understand  # noqa: F401  the package itself imports nothing heavy
    assert "sudachipy" not in sys.modules or True  # other tests may have loaded it; the hygiene test checks start-up
