"""kasuhara-sim: a terminal role-play trainer for customer-harassment (カスハラ) response.

Each folder is a room, and a room imports only the rooms below it (ARCHITECTURE.md; import-linter checks it):

    cli/        the command line: the ``kasuhara-sim`` group, one module per command group
    tui/        the Textual app (only the command line imports it)
    reports/    the result of a run, the Markdown transcript, progress, the workshop report, CSV/JSON/xAPI exports
    store/      the results database                    analysis/   deep lint and flow diagrams of a scenario
    scoring/    the rubric, the scorer and the search for the best and worst totals
    engine/     a run of a scenario
    format/     the files an instructor writes (scenarios, quiz banks) and how they are read
    display.py  how times, durations, bars and cut text are shown
    strings.py  every user-facing label
"""

__version__ = "0.1.0"
