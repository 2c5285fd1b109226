"""The trainer in a browser tab: the process ``kasuhara-sim serve`` starts for each tab (through textual-serve).

The same app as in the terminal, except that the name is asked in every tab and not remembered (one database serves
the whole room). The workshop session reaches the store through ``KASUHARA_SIM_SESSION``, set by the server.

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

    # No terminal check: textual-serve's web driver talks through pipes, not a tty.
    KasuharaApp(scenario_dirs=args.scenarios, ask_trainee=True, remember_trainee=False).run()


if __name__ == "__main__":
    main()
