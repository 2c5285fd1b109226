"""The workshop room in a browser: ``kasuhara-sim serve`` runs the trainer for each browser tab (textual-serve) and
the instructor's live view, behind access codes when the room's network can reach it. A front end like ``tui/``:
it reads the store and the reports, and starts the TUI only as a separate process per tab (never imports it)."""
