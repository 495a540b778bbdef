"""A progress bar for the command line's long work, on a terminal only.

Work that ends within ``delay`` seconds (2 by default) shows nothing; longer work shows a tqdm
bar on stderr with the step being done and the time elapsed, refreshed from a background
thread so that it moves while a long C++ call (reading a large export) runs without the GIL.
When stderr is not a terminal (a script, a pipe, a log file) nothing is ever printed. The bar
is removed when the work ends.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import IO, Any


class Progress:
    """Named steps of one command's work; use as a context manager and call :meth:`step`."""

    def __init__(self, total: int, *, delay: float = 2.0, stream: IO[str] | None = None,
                 enabled: bool | None = None) -> None:
        self.total = total
        self.delay = delay
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.done = 0
        self.label = ""
        #: Whether a bar was drawn (the work outlasted ``delay``): for tests.
        self.shown = False
        # Words are looked up here: the drawing thread does not see the caller's language.
        from .i18n import _

        self._steps_word = _("steps")
        self._started = time.time()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        self._started = time.time()
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="cchc-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def step(self, label: str) -> None:
        """Starts the next step (the previous one is done)."""
        if self.label:
            self.done = min(self.total, self.done + 1)
        self.label = label

    def close(self) -> None:
        """Ends the work: the bar, if any, is removed."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return  # finished before the delay: nothing to show
        try:
            from tqdm import tqdm
        except ModuleNotFoundError:  # installed without it: a plain line instead
            print(f"cchc: {self.label}…", file=self.stream, flush=True)
            self.shown = True
            self._stop.wait()
            return
        bar: Any = tqdm(total=self.total, initial=self.done, desc=self.label, file=self.stream,
                        leave=False, dynamic_ncols=True, mininterval=0,
                        bar_format="{desc}: {n_fmt}/{total_fmt} " + self._steps_word
                        + " |{bar}| {elapsed}")
        bar.start_t = self._started  # the time elapsed since the work began, not since shown
        self.shown = True
        try:
            while not self._stop.wait(0.2):
                if bar.n != self.done or bar.desc != self.label:
                    bar.n = self.done
                    bar.set_description_str(self.label, refresh=False)
                bar.refresh()
        finally:
            bar.close()
