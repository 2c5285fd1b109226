"""The trainee-facing Textual UI: the app, its screens and widgets. Only ``kasuhara_sim.cli.root.launch_tui``
imports it; the core never does. It calls the core (format, engine, scoring, store, reports, display) for everything
that is not drawing or keys."""
