"""One run at a time per project: a lock file taken around every change to the catalogs.

``briefings translate`` and ``mkdocs build`` both rewrite catalogs. Each write is
atomic, but two runs merging the same catalog at once would each write what they
read before the other's write, and one run's drafts would be lost. So a run takes
an exclusive :func:`fcntl.flock` on ``.briefings.lock`` in the project folder
before it reads the catalogs it will rewrite, and keeps it until they are written.

The operating system releases the lock when the process ends, however it ends, so
a run that was killed never blocks the next one: a lock file left behind is just a
file. The process id and start time written into it serve only the message a
waiting run prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from briefings.errors import BriefingsError

LOCK_FILE = ".briefings.lock"
#: How long a run waits for another one before giving up, unless told otherwise.
DEFAULT_WAIT = 10.0
#: Seconds to wait, overriding :data:`DEFAULT_WAIT` (e.g. 0 in CI, 600 on a slow machine).
WAIT_ENV = "BRIEFINGS_LOCK_WAIT"
_POLL = 0.05

if sys.platform == "win32":  # pragma: no cover - the project is tested on POSIX
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# Locks this process holds, by lock file, with how many times each was taken:
# a build that holds the lock may call code that takes it again.
_held: dict[str, int] = {}
_held_guard = threading.Lock()


def lock_wait() -> float:
    """Seconds to wait for another run: ``BRIEFINGS_LOCK_WAIT``, else :data:`DEFAULT_WAIT`."""
    given = os.environ.get(WAIT_ENV, "").strip()
    if not given:
        return DEFAULT_WAIT
    try:
        wait = float(given)
    except ValueError:
        raise BriefingsError(
            None, f"{WAIT_ENV} must be a number of seconds, not {given!r}"
        ) from None
    return max(0.0, wait)


@contextlib.contextmanager
def project_lock(root: Path, wait: float | None = None) -> Iterator[Path | None]:
    """Hold the project's lock for the ``with`` block.

    :param root: the project folder; the lock file is ``root/.briefings.lock``
    :param wait: seconds to wait for another run to finish; default :func:`lock_wait`
    :return: the lock file, or ``None`` when the folder is read-only (no run can
        change the catalogs there, so there is nothing to guard)
    :raise BriefingsError: naming the lock file, the process holding it and since
        when, if it is still held after ``wait`` seconds
    """
    path = root / LOCK_FILE
    key = os.path.abspath(path)
    with _held_guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield path
        finally:
            with _held_guard:
                _held[key] -= 1
        return

    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            yield None
            return
        raise BriefingsError(path, f"cannot open the lock file ({exc.strerror})") from exc
    try:
        _acquire(fd, path, lock_wait() if wait is None else wait)
        with _held_guard:
            _held[key] = 1
        try:
            _stamp(fd)
            yield path
        finally:
            with _held_guard:
                del _held[key]
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            raise BriefingsError(path, _held_by(fd, wait))
        time.sleep(_POLL)


def _stamp(fd: int) -> None:
    """Write who holds the lock and since when, for the message of a run that waits."""
    since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"pid {os.getpid()}\nsince {since}\n".encode())


def _held_by(fd: int, wait: float) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 200).decode("utf-8", "replace")
    except OSError:
        text = ""
    fields = dict(line.split(" ", 1) for line in text.splitlines() if " " in line)
    pid, since = fields.get("pid", "").strip(), fields.get("since", "").strip()
    holder = f"since {since} (pid {pid})" if since and pid.isdigit() else "(pid unknown)"
    return (
        f"another run holds the lock {holder}; waited {wait:g} s. Let it finish and try "
        f"again, or wait longer with {WAIT_ENV}=SECONDS"
    )
