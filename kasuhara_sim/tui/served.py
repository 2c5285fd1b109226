"""The trainer in a browser tab: the process ``kasuhara-sim serve`` starts for each tab (through textual-serve).

The same app as in the terminal, except that the name is asked in every tab and not remembered (one database serves
the whole room). The workshop session reaches the store through ``KASUHARA_SIM_SESSION``, set by the server.

Forked by the pre-loaded trainer (``forkserver.py``), a trainer holds one of its few start slots until it writes a
byte to the pipe named by ``KASUHARA_SIM_READY_FD``: once the library is on screen and the run screens' styles are
read (the end of the start-up work), so that the next tab starts when this one no longer needs the CPU.

``KASUHARA_SIM_PROFILE=DIR`` (for benchmarks/serve.py): each trainer writes a cProfile of its whole life to
``DIR/trainer-PID.prof``, to be read with ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import os


def main(argv: list[str] | None = None) -> None:
    profile_dir = os.environ.get("KASUHARA_SIM_PROFILE")
    if not profile_dir:
        serve_one(argv)
        return
    import cProfile

    profiler = cProfile.Profile()
    try:
        profiler.runcall(serve_one, argv)  # imports included: start-up is half the cost of a tab
    finally:
        profiler.dump_stats(os.path.join(profile_dir, f"trainer-{os.getpid()}.prof"))


def serve_one(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kasuhara-sim-served")
    parser.add_argument("--scenarios", action="append", default=[])
    parser.add_argument("--lang", choices=["ja", "en"])
    args = parser.parse_args(argv)
    from kasuhara_sim.i18n import choose, set_language

    set_language(choose(args.lang))  # serve passes its language on through KASUHARA_SIM_LANG
    from kasuhara_sim.tui.app import KasuharaApp

    ready = take_ready_fd()

    class ServedApp(KasuharaApp):
        def prepare_screens(self) -> None:
            super().prepare_screens()
            if ready is not None:
                self.call_after_refresh(ready)

    # No terminal check: textual-serve's web driver talks through pipes, not a tty.
    ServedApp(scenario_dirs=args.scenarios, ask_trainee=True, remember_trainee=False).run()


def take_ready_fd():
    """The function that tells the pre-loaded trainer this one has started (once), or None if not forked by it."""
    value = os.environ.pop("KASUHARA_SIM_READY_FD", "")
    if not value.isdigit():
        return None
    fd = int(value)

    def report() -> None:
        nonlocal fd
        if fd < 0:
            return
        try:
            os.write(fd, b"r")
        except OSError:  # the server has stopped waiting for it (timeout) or has gone
            pass
        finally:
            os.close(fd)
            fd = -1

    return report


if __name__ == "__main__":
    main()
