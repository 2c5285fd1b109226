"""The command line (click). ``start`` holds the entry point ``main`` (re-exported here: the console script is
``kasuhara_sim.cli:main``), which opens the screen version without click when there is no argument; ``root`` holds
the ``kasuhara-sim`` group and the commands that need no module of their own; the other modules are command groups
and helpers imported only when a command runs, so that start-up imports nothing heavy."""

from kasuhara_sim.cli.start import main


def __getattr__(name: str):
    if name == "cli":  # the click group, imported when asked for (tests, documentation tools)
        from kasuhara_sim.cli.root import cli

        return cli
    raise AttributeError(name)


__all__ = ["cli", "main"]
