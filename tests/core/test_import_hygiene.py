"""The core never imports Textual, and the fast commands do not load the heavy modules."""

from __future__ import annotations

import subprocess
import sys

CORE = ["kasuhara_sim", "kasuhara_sim.cli", "kasuhara_sim.format.loader", "kasuhara_sim.format.library",
        "kasuhara_sim.format.quiz", "kasuhara_sim.engine", "kasuhara_sim.scoring", "kasuhara_sim.scoring.search",
        "kasuhara_sim.reports.result", "kasuhara_sim.cli.validate", "kasuhara_sim.cli.plain", "kasuhara_sim.format.quizbank"]


def modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    return set(out.split())


def test_core_does_not_import_textual():
    import pkgutil

    import kasuhara_sim

    names = set(CORE)
    for info in pkgutil.walk_packages(kasuhara_sim.__path__, "kasuhara_sim."):
        if not info.name.startswith("kasuhara_sim.tui"):
            names.add(info.name)
    loaded = modules_after("\n".join(f"import {n}" for n in sorted(names)))
    assert "textual" not in loaded


def test_cli_start_up_is_lazy():
    loaded = modules_after("import kasuhara_sim.cli")
    for heavy in ("textual", "pydantic", "transitions", "rich", "yaml"):
        assert heavy not in loaded, heavy


def test_list_and_validate_never_load_textual(kettle_path):
    code = ("import sys\nfrom kasuhara_sim.cli import cli\n"
            f"for args in (['list', '--json'], ['validate', {str(kettle_path)!r}]):\n"
            "    try:\n        cli.main(args=args, standalone_mode=False)\n    except SystemExit:\n        pass\n"
            "assert 'textual' not in sys.modules, 'textual loaded'\nprint('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("ok"), proc.stderr
