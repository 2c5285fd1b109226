"""The core never imports Textual, and the fast commands do not load the heavy modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = ["kasuhara_sim", "kasuhara_sim.cli", "kasuhara_sim.format.loader", "kasuhara_sim.format.library",
        "kasuhara_sim.format.quiz", "kasuhara_sim.engine", "kasuhara_sim.scoring", "kasuhara_sim.scoring.search",
        "kasuhara_sim.reports.result", "kasuhara_sim.cli.validate", "kasuhara_sim.cli.plain",
        "kasuhara_sim.format.quizbank"]
PACKAGE = Path(__file__).resolve().parents[2] / "kasuhara_sim"


def modules_on_disk() -> set[str]:
    """Every module of the package outside the TUI, as found in its folders (not as found by importing it)."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        parts = ("kasuhara_sim", *path.relative_to(PACKAGE).with_suffix("").parts)
        if "__pycache__" in parts or parts[1:2] == ("tui",):
            continue
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return set(out.split())


def test_every_folder_of_the_package_is_a_regular_package():
    """A folder without __init__.py is a namespace package: pkgutil and import-linter skip it silently."""
    folders = {p.parent for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert [str(f.relative_to(PACKAGE)) for f in sorted(folders) if not (f / "__init__.py").exists()] == []


def test_core_does_not_import_textual():
    import pkgutil

    import kasuhara_sim

    names = {info.name for info in pkgutil.walk_packages(kasuhara_sim.__path__, "kasuhara_sim.")
             if not info.name.startswith("kasuhara_sim.tui")}
    on_disk = modules_on_disk()
    assert names | {"kasuhara_sim"} == on_disk  # the walk reached every core module there is
    # the four the walk used to miss, when their folder had no __init__.py
    assert {"kasuhara_sim.analysis.lint", "kasuhara_sim.analysis.graph", "kasuhara_sim.format.schema",
            "kasuhara_sim.format.scaffold"} <= on_disk
    loaded = modules_after("\n".join(f"import {n}" for n in sorted(on_disk | set(CORE))))
    assert "textual" not in loaded
    assert on_disk <= loaded


def test_cli_start_up_is_lazy():
    loaded = modules_after("import kasuhara_sim.cli")
    for heavy in ("textual", "pydantic", "transitions", "rich", "yaml", "sudachipy", "jinja2"):
        assert heavy not in loaded, heavy


def test_importing_every_core_module_leaves_sudachipy_for_a_typed_reply():
    loaded = modules_after("\n".join(f"import {n}" for n in sorted(modules_on_disk())
                                     if not n.startswith("kasuhara_sim.tui")))
    assert "kasuhara_sim.understand.recognise" in loaded
    assert "sudachipy" not in loaded


def test_list_and_validate_never_load_textual(kettle_path):
    code = ("import sys\nfrom kasuhara_sim.cli import cli\n"
            f"for args in (['list', '--json'], ['validate', {str(kettle_path)!r}]):\n"
            "    try:\n        cli.main(args=args, standalone_mode=False)\n    except SystemExit:\n        pass\n"
            "assert 'textual' not in sys.modules, 'textual loaded'\nprint('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr


def test_the_trainer_with_no_argument_starts_without_click():
    # `kasuhara-sim` alone is what a trainee runs; click (a tenth of the time to the first frame) is left out.
    code = ("import sys\nimport kasuhara_sim.tui.app as tui_app\n"
            "tui_app.run_app = lambda **kw: print('started', sorted(kw.items()), 'click' in sys.modules)\n"
            "from kasuhara_sim.cli import main\n"
            "try:\n    main([])\nexcept SystemExit as exc:\n    print('exit', exc.code)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split("\n")[:2] == [
        "started [('scenario_dirs', ()), ('seed', None), ('trainee', None)] False", "exit 0"], proc.stderr
