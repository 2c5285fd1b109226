"""The Markdown transcript (a core function the TUI's save key calls)."""

from __future__ import annotations

from datetime import datetime

import pytest

from kasuhara_sim.display import format_elapsed
from kasuhara_sim.engine import Run, replay
from kasuhara_sim.reports.transcript import (default_filename, escape, resolve_target, transcript_markdown,
                                             write_markdown)
from kasuhara_sim.scoring import score_run


def test_a_finished_run_reads_as_a_document(kettle):
    sc = kettle.scenario
    run = replay(sc, [3, 2, 2, 1])
    md = transcript_markdown(sc, run, score_run(sc, run), mode="test", trainee="山田 花子",
                             played_at=datetime(2025, 4, 1, 9, 30), elapsed=134)
    lines = md.splitlines()
    assert lines[0] == "# 初期不良の電気ケトルで激怒するお客様"
    for expected in ("- **シナリオ**: `kettle-initial-defect`", "- **受講者**: 山田 花子", "- **実施日時**: 2025-04-01 09:30",
                     "- **モード**: 本番モード", "- **所要時間**: 02:14", "- **ターン数**: 4",
                     "- **結末**: 解決(納得・解決)", "- **総合**: 5 点(D)", "| 心情理解 | 0 |", "| 事実確認 | 60 |",
                     "## 総合点の計算", "- 30: 基本手順の平均 30 点",
                     "- −25: ターン2 「すぐに新品と交換します。ついでに商品券もお付けします。」: 安易な約束(重い誤り)",
                     "- = 5: 総合 5 点",
                     "- あなた: 事実確認 → できること・できないこと",
                     "- 基本: 心情理解・限定的謝罪 → 事実確認 → できること・できないこと",
                     "### ターン4", "*閉店間際、箱を抱えたお客様がカウンターに来た。*",
                     "**あなた** 「レシートはお持ちですか？」", "- ✗ 安易な約束(怒り 80 → 80)",
                     "**田中様** 「…まあ、交換してくれるならいいよ。」", "70 → 80 → 80 → 80 → 60"):
        assert expected in lines, expected
    assert md.count("- より良い返答: ") == 2
    assert lines[-1] == "限定的謝罪→事実確認→できること・できないことの順で進めると、怒りは早く下がる。"
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_an_abandoned_run_says_so_and_has_no_ending(kettle):
    sc = kettle.scenario
    run = Run(sc)
    run.choose(1)
    md = transcript_markdown(sc, run, score_run(sc, run))
    assert "(結末の前に中断しました)" in md and "### 結末" not in md and "## 講評" not in md
    assert "- **結末**: 中断" in md


def test_scenario_text_cannot_become_markup():
    assert escape("a*b*_c_ [x](y) <b>|") == r"a\*b\*\_c\_ \[x\](y) \<b\>\|"
    assert escape("# 見出し\n- 箇条\n1. 番号") == "\\# 見出し\n\\- 箇条\n1\\. 番号"
    assert escape("「ご不便をおかけしました。」") == "「ご不便をおかけしました。」"


def test_elapsed_and_default_name():
    assert format_elapsed(0) == "00:00" and format_elapsed(134.9) == "02:14" and format_elapsed(3725) == "1:02:05"
    assert default_filename("kettle-initial-defect", datetime(2025, 4, 1, 9, 30, 5)) == \
        "kasuhara-kettle-initial-defect-20250401-093005.md"


def test_resolve_target(tmp_path):
    name = "kasuhara-x.md"
    assert resolve_target(None, name, tmp_path) == tmp_path / name
    assert resolve_target("  ", name, tmp_path) == tmp_path / name
    assert resolve_target("notes", name, tmp_path) == tmp_path / "notes.md"
    assert resolve_target("notes.MD", name, tmp_path) == tmp_path / "notes.MD"
    (tmp_path / "dir").mkdir()
    assert resolve_target("dir", name, tmp_path) == tmp_path / "dir" / name
    assert resolve_target("new/", name, tmp_path) == tmp_path / "new" / name
    assert resolve_target(str(tmp_path / "abs.md"), name, "/elsewhere") == tmp_path / "abs.md"


def test_write_never_replaces_a_file_unasked(tmp_path):
    p = tmp_path / "a.md"
    write_markdown("一回目\n", p)
    with pytest.raises(FileExistsError):
        write_markdown("二回目\n", p)
    assert p.read_text(encoding="utf-8") == "一回目\n"
    write_markdown("二回目\n", p, overwrite=True)
    assert p.read_text(encoding="utf-8") == "二回目\n"
    with pytest.raises(FileNotFoundError):
        write_markdown("x", tmp_path / "missing" / "a.md")
