"""The results layer is core code: the store and its commands never load Textual."""

from __future__ import annotations

import subprocess
import sys


def test_history_export_and_report_never_load_textual(tmp_path):
    code = ("import os, sys\nos.environ['KASUHARA_SIM_HOME'] = sys.argv[1]\nfrom kasuhara_sim.cli import cli\n"
            "for args in (['history', '--json'], ['export', '--format', 'xapi'], ['report', '--format', 'html']):\n"
            "    try:\n        cli.main(args=args, prog_name='kasuhara-sim', standalone_mode=False)\n"
            "    except SystemExit:\n        pass\n"
            "import kasuhara_sim.reports.progress, kasuhara_sim.store.recorder\n"
            "assert 'textual' not in sys.modules, 'textual loaded'\nprint('ok')\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "home")], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("ok")


def test_only_the_html_report_loads_jinja(tmp_path):
    # Jinja2 renders the HTML page only: the text and CSV reports (and the CLI's start) go without it.
    code = ("import os, sys\nos.environ['KASUHARA_SIM_HOME'] = sys.argv[1]\nfrom kasuhara_sim.cli import cli\n"
            "for fmt in ('text', 'csv', 'html'):\n"
            "    try:\n        cli.main(args=['report', '--format', fmt], prog_name='kasuhara-sim', standalone_mode=False)\n"
            "    except SystemExit:\n        pass\n"
            "    print('loaded', fmt, 'jinja2' in sys.modules, file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "home")], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert [line for line in out.stderr.splitlines() if line.startswith("loaded")] == [
        "loaded text False", "loaded csv False", "loaded html True"]
