"""Start a real program on 127.0.0.1, wait for it by polling, and stop it by its PID.

Every service launcher of the test kit is built on three pieces:

- :func:`free_port`: a port on 127.0.0.1 that nothing listens on right now;
- :class:`ManagedProcess`: a child process with its output in a log file, stopped by its own PID
  (SIGTERM, wait, then SIGKILL), never by name;
- :func:`wait_until`: poll a probe until it answers, with a clear error (and the log tail) on timeout;
- :func:`retry_on_port_clash`: start again on fresh ports when another program took the chosen one.

A child started from the main thread also gets SIGTERM from the kernel if our process dies without
cleaning up (``PR_SET_PDEATHSIG``), so a killed pytest leaves no service behind.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

LOOPBACK = "127.0.0.1"
PORT_ATTEMPTS = 3  # a launcher whose free port was taken in the meantime starts again on new ports
_PORT_CLASH_MARKERS = ("address already in use", "unable to bind")

_PR_SET_PDEATHSIG = 1


class ServiceStartError(RuntimeError):
    """A service did not come up; the message says why and shows the end of its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def is_port_clash(text: str) -> bool:
    """True when a start failure (message plus log tail) says that the port was taken."""
    lowered = text.lower()
    return any(marker in lowered for marker in _PORT_CLASH_MARKERS)


def tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a text file, or a note that it does not exist (yet)."""
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:]) or f"(empty log at {path})"


def require_binary(path: str) -> str:
    """The absolute path of a program, or an error that says how to install it."""
    found = shutil.which(path)
    if found is None:
        raise ServiceStartError(
            f"{path} is not installed; run `make test` as root (scripts/test-deps.sh installs it)"
        )
    return found


_prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: the child must not load anything


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask the kernel to SIGTERM the child when the thread that started it dies (pytest killed hard)."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class ManagedProcess:
    """One child process, its combined stdout/stderr in ``log_path``, stopped by its PID."""

    def __init__(
        self,
        argv: Sequence[str],
        log_path: Path,
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        stop_timeout: float = 15.0,
    ) -> None:
        self.argv = list(argv)
        self.log_path = log_path
        self.env = env
        self.cwd = cwd
        self.stop_timeout = stop_timeout
        self._popen: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._popen is None:
            raise RuntimeError("process not started")
        return self._popen.pid

    def start(self) -> Self:
        if self._popen is not None:
            raise RuntimeError("process already started")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # Die with our thread only when started from the main thread: a worker thread may exit early.
        in_main = threading.current_thread() is threading.main_thread()
        with self.log_path.open("ab") as log:
            self._popen = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.cwd,
                start_new_session=True,  # Ctrl-C in a terminal reaches us, and we stop it ourselves
                preexec_fn=_die_with_parent if in_main else None,  # noqa: PLW1509
            )
        return self

    def exit_code(self) -> int | None:
        """None while it runs, its exit status once it has exited."""
        return None if self._popen is None else self._popen.poll()

    def stop(self) -> int | None:
        """SIGTERM the PID, wait up to ``stop_timeout`` s, then SIGKILL it. Returns the exit status."""
        popen = self._popen
        if popen is None:
            return None
        if popen.poll() is None:
            popen.terminate()
            try:
                popen.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait(timeout=self.stop_timeout)
        return popen.returncode

    def ensure_running(self, what: str) -> None:
        code = self.exit_code()
        if code is not None:
            raise ServiceStartError(
                f"{what} exited with status {code} while starting; last log lines of {self.log_path}:\n"
                f"{tail(self.log_path)}"
            )

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_until[T](
    probe: Callable[[], T | None],
    *,
    timeout: float,
    what: str,
    process: ManagedProcess | None = None,
    log_path: Path | None = None,
    interval: float = 0.05,
) -> T:
    """Call ``probe`` until it returns something other than None (exceptions count as "not yet").

    Fails fast if ``process`` exits, and on timeout raises :class:`ServiceStartError` with the last
    lines of ``log_path`` (default: the process's own log).
    """
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        if process is not None:
            process.ensure_running(what)
        try:
            result = probe()
        except Exception as exc:  # the service is not up yet: keep polling
            last_error = exc
        else:
            if result is not None:
                return result
        if time.monotonic() >= deadline:
            log = log_path or (process.log_path if process else None)
            detail = f"; last probe error: {last_error!r}" if last_error else ""
            log_text = f"\nlast log lines of {log}:\n{tail(log)}" if log else ""
            raise ServiceStartError(f"{what} not ready within {timeout:.0f} s{detail}{log_text}")
        time.sleep(interval)


def retry_on_port_clash[R](start_once: Callable[[], R]) -> R:
    """Call ``start_once`` (which picks fresh free ports each time) again while it fails on a taken port.

    ``start_once`` must stop its own process before raising :class:`ServiceStartError`.
    """
    for attempt in range(1, PORT_ATTEMPTS + 1):
        try:
            return start_once()
        except ServiceStartError as exc:
            if attempt == PORT_ATTEMPTS or not is_port_clash(str(exc)):
                raise
    raise AssertionError("unreachable")


def start_and_wait(
    process: ManagedProcess, probe: Callable[[], object | None], *, timeout: float, what: str
) -> None:
    """Start ``process`` and wait for ``probe``; on failure stop it (by PID) and re-raise."""
    process.start()
    try:
        wait_until(probe, timeout=timeout, what=what, process=process)
    except BaseException:
        process.stop()
        raise


@contextmanager
def state_directory(state_dir: Path | None, prefix: str) -> Iterator[Path]:
    """The caller's directory as is, or a fresh temporary one that is removed afterwards."""
    if state_dir is not None:
        state_dir.mkdir(parents=True, exist_ok=True)
        yield state_dir
        return
    created = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield created
    finally:
        shutil.rmtree(created, ignore_errors=True)
