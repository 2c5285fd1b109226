"""docs/format.md is the instructors' contract: its table lists exactly the codes the tool can report."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from kasuhara_sim.analysis.lint import CODES as LINT_CODES

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "format.md"
# Every module that reports problems in instructor files (the loader's side; the lint keeps its own CODES).
SOURCES = [*sorted((REPO / "kasuhara_sim" / "format").glob("*.py")), REPO / "kasuhara_sim" / "scoring" / "rubric.py",
           REPO / "kasuhara_sim" / "cli" / "validate.py"]
CODE = re.compile(r"^[a-z]+(-[a-z]+)*$")


def _str(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def load_codes() -> set[str]:
    """Codes written as literals where a Diagnostic is made: error()/warning()/fail() arguments, ``code = …``
    assignments and the (message, code) tuples the translators return."""
    found: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                # error(path, line, col, message, code) (often with *position); fail(node, message, code, offset)
                index = {"error": -1, "warning": -1, "fail": 2}.get(name)
                if index is not None and len(node.args) > max(index, 0) and _str(node.args[index]):
                    found.add(_str(node.args[index]))
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                    for n, v in zip(names, values):
                        if isinstance(n, ast.Name) and n.id == "code" and _str(v):
                            found.add(_str(v))
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                found.update(s for s in map(_str, node.value.elts) if s and CODE.match(s) and "-" in s)
    return {c for c in found if CODE.match(c)}


def documented() -> dict[str, str]:
    rows = re.findall(r"^\| `([a-z-]+)` \| (エラー|警告) \|", DOC.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def test_the_collector_sees_the_loader_codes():
    codes = load_codes()
    for code in ("yaml-syntax", "unknown-key", "type", "full-width", "name-too-long", "duplicate-id", "no-files"):
        assert code in codes


def test_every_code_is_in_the_table_and_nothing_else():
    table = documented()
    assert set(table) == load_codes() | set(LINT_CODES)


def test_lint_severities_match():
    table = documented()
    for code, severity in LINT_CODES.items():
        assert table[code] == {"error": "エラー", "warning": "警告"}[severity], code


def test_no_document_cites_a_missing_format_file():
    for path in [REPO / "README.md", *REPO.glob("docs/*.md"), REPO / "schema" / "scenario.schema.json"]:
        assert "SCENARIO_FORMAT.md" not in path.read_text(encoding="utf-8"), path
