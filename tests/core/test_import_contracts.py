"""The rooms of kasuhara_sim/ keep to their layers: import-linter checks the contracts of pyproject.toml.

``lint-imports`` reads every import, lazy ones inside functions included: each room imports only the rooms below it,
the core never imports Textual, the command line reaches Textual only through the TUI, and no folder has an import
cycle. The contracts are also shown to fail: a copy of the package with one bad import breaks exactly the contracts
expected of it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = REPO / "pyproject.toml"


def contracts() -> dict[str, dict]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def test_the_import_contracts_hold(capsys):
    assert set(contracts()) == {"layers", "core-no-textual", "cli-textual-via-tui", "acyclic"}
    rc = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "4 kept, 0 broken" in out, out


# One bad import each (appended to a copy of the module) and the contracts it must break, no more, no fewer.
MUTANTS = {
    "the core imports textual": ("kasuhara_sim/format/model.py", "import textual\n", {"core-no-textual"}),
    "the database imports the lint": ("kasuhara_sim/store/db.py", "from kasuhara_sim.analysis import lint\n",
                                      {"layers"}),
    "a new module outside the layers": ("kasuhara_sim/newroom.py", "", {"layers"}),
    "the command line imports textual itself": ("kasuhara_sim/cli/root.py", "import textual.app\n",
                                                {"cli-textual-via-tui"}),
    "a cycle inside cli/": ("kasuhara_sim/cli/common.py", "from kasuhara_sim.cli import root\n", {"acyclic"}),
    # A lazy import counts: the report now reaches Textual, sits below the TUI it imports, and closes a cycle.
    "a report imports the TUI in a function": ("kasuhara_sim/reports/transcript.py",
                                               "def _bad():\n    import kasuhara_sim.tui.app\n",
                                               {"core-no-textual", "layers", "acyclic"}),
}


@pytest.mark.parametrize("case", list(MUTANTS))
def test_a_bad_import_breaks_the_contract_it_names(case, tmp_path):
    path, code, expected = MUTANTS[case]
    shutil.copytree(REPO / "kasuhara_sim", tmp_path / "kasuhara_sim", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    with open(tmp_path / path, "a", encoding="utf-8") as f:
        f.write("\n" + code)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                           "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    status = dict(re.findall(r"^(.*\S) (KEPT|BROKEN)$", proc.stdout, re.MULTILINE))
    names = {c["name"]: key for key, c in contracts().items()}
    assert set(status) == set(names), proc.stdout
    assert {names[n] for n, s in status.items() if s == "BROKEN"} == expected, proc.stdout


def test_the_architecture_document_names_every_layer():
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    layers = [name.strip() for layer in contracts()["layers"]["layers"] for name in layer.split("|")]
    for name in layers:
        spelled = f"{name}.py" if (REPO / "kasuhara_sim" / f"{name}.py").exists() else f"{name}/"
        assert spelled in text, spelled
