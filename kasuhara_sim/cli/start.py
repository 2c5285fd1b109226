"""The start of every command: the entry point ``main`` and what it does before anything is parsed.

``kasuhara-sim`` with no argument — a trainee opening the trainer — is the command run most, and the one whose
start-up a person waits for: it goes straight to the screen version without importing click (about a tenth of the
time to the first frame). Every other command line is parsed by the click group in ``root``; failures of either
path are reported by ``root.report_failure`` (imported only when something fails)."""

from __future__ import annotations

import sys

from kasuhara_sim.display import replace_unencodable


def main(argv=None) -> None:
    """Entry point: every failure is one clear line on stderr and a non-zero exit, never a traceback."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args:
        from kasuhara_sim.cli.root import main as parse_and_run

        parse_and_run(args)
        return
    replace_unencodable()
    from kasuhara_sim.i18n import choose, set_language

    set_language(choose(None))
    try:
        from kasuhara_sim.tui.app import run_app  # what `kasuhara-sim` (the group, no subcommand) runs

        run_app(scenario_dirs=(), trainee=None, seed=None)
    except BaseException as exc:  # noqa: BLE001 - report_failure re-raises what it does not know
        from kasuhara_sim.cli.root import report_failure

        sys.exit(report_failure(exc) or 0)
    sys.exit(0)
