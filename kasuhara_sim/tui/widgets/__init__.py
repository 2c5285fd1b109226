"""Widgets of the TUI that know nothing of screens: gauges, charts, the conversation log, the reply list."""
