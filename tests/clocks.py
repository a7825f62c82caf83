"""Clocks for tests: time that moves only as a test says, however busy the machine is."""

from __future__ import annotations

import threading
from collections.abc import Callable


class FakeClock:
    """A clock that moves only when the client waits on it; `during_wait(n)` runs at the n-th
    wait, before the time moves (a test's chance to act "meanwhile")."""

    def __init__(self, during_wait: Callable[[int], None] | None = None) -> None:
        self.start = self.time = 1000.0
        self.waits: list[float] = []
        self.during_wait = during_wait

    @property
    def elapsed(self) -> float:
        return self.time - self.start

    def now(self) -> float:
        return self.time

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        self.waits.append(seconds)
        if self.during_wait is not None:
            self.during_wait(len(self.waits))
        if stop.is_set():
            return True
        self.time += seconds
        return stop.is_set()


class StepClock:
    """A clock that moves on `step` seconds each time it is read, however busy the machine
    is (step 0: time stands still, so nothing is ever late)."""

    def __init__(self, step: float = 0.0) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now
