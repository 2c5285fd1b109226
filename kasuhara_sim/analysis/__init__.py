"""What an author learns about a scenario without playing it: the deep lint (traps, dead ends, conditions that
never hold, shadowed routes, ...) and the flow diagram (Mermaid, DOT). Both use the search in
``kasuhara_sim.scoring.search``."""
