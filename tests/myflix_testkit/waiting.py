"""Wait on a condition with a deadline, never on a fixed sleep: the one helper every suite uses.

``wait_until(predicate, timeout)`` calls ``predicate`` until it returns a truthy value and returns that value;
at the deadline it raises ``AssertionError`` naming what was awaited and the last value seen, so a failure
says what did not happen. ``async_wait_until`` is the same for code running on an event loop (it yields to
the loop between polls, so the awaited tasks progress). The clock is ``time.monotonic`` / the loop's clock.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


class _Deadline:
    def __init__(self, timeout: float, what: str, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.end = clock() + timeout
        self.timeout = timeout
        self.what = what
        self.last: Any = None

    def check(self, value: Any) -> bool:
        """True when the wait is over (the value is truthy); raises at the deadline."""
        self.last = value
        if value:
            return True
        if self.clock() >= self.end:
            raise AssertionError(
                f"timed out after {self.timeout:g} s waiting for {self.what} (last: {value!r})"
            )
        return False


def wait_until[T](
    predicate: Callable[[], T], timeout: float = 20.0, *, what: str = "condition", interval: float = 0.05
) -> T:
    deadline = _Deadline(timeout, what, time.monotonic)
    while True:
        value = predicate()
        if deadline.check(value):
            return value
        time.sleep(interval)


async def async_wait_until[T](
    predicate: Callable[[], T], timeout: float = 20.0, *, what: str = "condition", interval: float = 0.05
) -> T:
    loop = asyncio.get_running_loop()
    deadline = _Deadline(timeout, what, loop.time)
    while True:
        value = predicate()
        if deadline.check(value):
            return value
        await asyncio.sleep(interval)
