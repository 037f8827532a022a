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

The lock file is in a folder anyone who sends a pull request can fill, so it is
opened without following a symbolic link and must be a regular file of its own:
a link planted at ``.briefings.lock`` (to ``.git/config``, or to a file in the
runner's home folder) is refused, never written through or created. Processes
forked while the lock is held close their copy of its descriptor, so a worker
that outlives its parent cannot keep the lock for ever.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import stat
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
# The descriptor of each lock held, to close in forked children (see _close_in_child).
_descriptors: dict[str, int] = {}
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

    fd = _open(path)
    if fd is None:
        yield None
        return
    try:
        _acquire(fd, path, lock_wait() if wait is None else wait)
        with _held_guard:
            _held[key] = 1
            _descriptors[key] = fd
        try:
            _stamp(fd)
            yield path
        finally:
            with _held_guard:
                del _held[key]
                _descriptors.pop(key, None)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


_OPEN_FLAGS = (
    os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _open(path: Path) -> int | None:
    """The lock file's descriptor; ``None`` in a read-only folder.

    ``O_NOFOLLOW`` makes a symbolic link fail to open (a dangling one creates
    nothing), and ``O_NONBLOCK`` keeps a planted named pipe from blocking the
    open; what opens must then be a regular file with no other name.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise BriefingsError(
                path, "is a symbolic link; refusing to use it as the lock file. Remove it"
            ) from None
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return None
        raise BriefingsError(path, f"cannot open the lock file ({exc.strerror})") from exc
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise BriefingsError(path, f"cannot open the lock file ({exc.strerror})") from exc
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        os.close(fd)
        what = "is not a regular file" if not stat.S_ISREG(info.st_mode) else (
            "is a hard link to another file")
        raise BriefingsError(path, f"{what}; refusing to use it as the lock file. Remove it")
    return fd


def _close_in_child() -> None:
    """After a fork: let go of this process's copies of the lock descriptors.

    Closing (never unlocking: that would release the parent's lock too) means
    the lock is freed as soon as the parent ends, whatever the child does. The
    child still counts as holding the lock, so code it runs that takes the lock
    again does not wait for its own parent.
    """
    for fd in _descriptors.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    _descriptors.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


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
