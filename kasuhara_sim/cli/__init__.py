"""The command line (click). ``root`` holds the ``kasuhara-sim`` group, its entry point ``main`` (re-exported
here: the console script is ``kasuhara_sim.cli:main``) and the commands that need no module of their own; the
other modules are command groups and helpers imported only when a command runs, so that start-up imports
click and nothing heavy."""

from kasuhara_sim.cli.root import cli, main

__all__ = ["cli", "main"]
