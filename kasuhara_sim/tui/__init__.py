"""The trainee-facing Textual UI. Only ``kasuhara_sim.cli.root.launch_tui`` imports it; the core never does."""
