"""The trainee-facing Textual UI. Only ``kasuhara_sim.cli.launch_tui`` imports it; the core never does."""
