"""Atomic publishing: a site is built beside the published one and swapped in when whole.

MkDocs empties ``site_dir`` before it builds, so a build that fails half-way
(a bad template, a full disk, a cancelled CI job) would leave a site with half
its pages, or none. Instead the build writes into a new hidden folder next to
``site_dir`` -- on the same file system, so that moving it is a rename -- and
:func:`publish` puts it in place only after the build succeeded:

* on Linux with ``renameat2(RENAME_EXCHANGE)``, the new and the old folder swap
  names in one step, so there is no moment without a site;
* elsewhere the old folder is renamed aside, the new one renamed in, and the
  old one removed; a build killed between the two renames leaves the old
  folder aside, and the next build puts it back.

The old site is then renamed once more, to a name no build ever puts back,
and removed by a process of its own (:func:`remove_later`), so the build ends
as soon as the new site is in place: removing a thousand pages' files takes
seconds on some disks, a third of a rebuild that changed nothing.

Folders a killed build left behind are removed by the next build (which holds
the project's lock, so no other build is writing them). A ``site_dir`` that is
a mount point cannot be renamed: it is built in place, as MkDocs does.

This module knows nothing of MkDocs.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

_NEW = ".briefings-new-"
_OLD = ".briefings-old-"
#: An old site on its way out: removed in the background, never put back.
_GONE = ".briefings-gone-"
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


def _sibling(final: str, kind: str) -> str:
    folder, name = os.path.split(final.rstrip(os.sep))
    return os.path.join(folder, f".{name}{kind}{uuid.uuid4().hex[:12]}")


def _leftovers(final: str) -> list[str]:
    folder, name = os.path.split(final.rstrip(os.sep))
    try:
        entries = os.listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(
        os.path.join(folder, entry) for entry in entries
        if entry.startswith((f".{name}{_NEW}", f".{name}{_OLD}", f".{name}{_GONE}"))
    )


def staging_folder(final: str) -> str | None:
    """A new, empty folder name beside ``final`` to build into; ``None`` to build in place.

    Cleans up after a killed build first: an old site renamed aside comes back
    when ``final`` is missing, and everything else left behind is removed.
    Call it only while holding the project's lock.
    """
    if os.path.ismount(final):
        return None
    for leftover in _leftovers(final):
        name = os.path.basename(leftover)
        if _OLD in name and not os.path.lexists(final):
            os.rename(leftover, final)  # killed between the two renames of publish()
        elif _GONE in name:
            remove_later(leftover)  # its remover died, or is still at work
        else:
            discard(leftover)
    folder = os.path.dirname(final.rstrip(os.sep))
    os.makedirs(folder, exist_ok=True)
    return _sibling(final, _NEW)


def publish(new: str, final: str) -> None:
    """Put the folder ``new`` in the place of ``final``, then remove the old site.

    :raise OSError: when the renames fail; ``final`` is then as it was
    """
    if not os.path.isdir(new):
        os.makedirs(new)  # an empty build: still the site it built
    if not os.path.lexists(final):
        os.rename(new, final)
        return
    if _exchange(new, final):
        _retire(new, final)  # now the old site
        return
    aside = _sibling(final, _OLD)
    os.rename(final, aside)
    try:
        os.rename(new, final)
    except OSError:
        os.rename(aside, final)
        raise
    _retire(aside, final)


def _retire(old: str, final: str) -> None:
    """Remove the old site ``old`` of ``final`` without waiting for it."""
    gone = os.path.abspath(_sibling(final, _GONE))
    try:
        os.rename(old, gone)
    except OSError:
        discard(old)
        return
    remove_later(gone)


def remove_later(folder: str) -> None:
    """Remove ``folder`` in a process of its own, which outlives this one if need be.

    Where no such process can be started, ``folder`` is removed now. One that
    is killed on the way leaves the folder to the next build
    (:func:`staging_folder`). It runs in ``/``, so that nothing takes it for a
    process at work in the project.
    """
    if os.name != "posix":
        discard(folder)
        return
    try:
        # Started by a shell that exits at once, so the remover is nobody's
        # child: no zombie, nothing to wait for.
        subprocess.run(
            ["/bin/sh", "-c", 'rm -rf -- "$1" </dev/null >/dev/null 2>&1 &', "sh", folder],
            cwd="/", check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        discard(folder)


def _exchange(first: str, second: str) -> bool:
    """Swap two paths' names in one step; ``False`` where that cannot be done."""
    if sys.platform != "linux":
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                     _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False  # the file system cannot: fall back on two renames
    raise OSError(code, os.strerror(code), second)


def discard(folder: str) -> None:
    """Remove a staging folder (or an old site), ignoring one that is gone."""
    if os.path.islink(folder) or os.path.isfile(folder):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder)
        return
    shutil.rmtree(folder, ignore_errors=True)


def cannot_write(where: str, exc: OSError) -> str:
    """One line for a site that could not be written: where, and the system's reason."""
    reason = exc.strerror or type(exc).__name__
    shown = _relative(where)
    return f"{shown}: cannot write the site ({reason})"


def _relative(path: str) -> str:
    try:
        relative = Path(path).resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path
    return relative.as_posix() or "."


class WarningCount(logging.Handler):
    """Counts warnings logged by MkDocs and plugins, as ``mkdocs build --strict`` does.

    MkDocs fails a strict build with warnings only after its last plugin event;
    counting them too lets the build keep the published site instead.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    @classmethod
    def attach(cls) -> WarningCount:
        handler = cls()
        logging.getLogger("mkdocs").addHandler(handler)
        return handler

    def detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
