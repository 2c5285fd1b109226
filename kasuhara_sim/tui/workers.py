"""Background work that fails, handled in one place. Our workers run with ``exit_on_error=False``; Textual tells the
screen that started one (Worker.StateChanged does not bubble), so the screens take this mixin: the app says what went
wrong in one line (``KasuharaApp.worker_failed``), and the screen's ``recover`` makes it usable again."""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class RecoversFromWorkers:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.worker_failed(event.worker)
            self.recover(event.worker)

    def recover(self, worker: Worker) -> None:
        """What the screen does after one of its workers failed (by default nothing more than the message)."""
