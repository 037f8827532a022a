"""Work spread over the machine's cores: analysing articles, merging catalogs.

Parsing and analysing an article, and reading, merging and writing a catalog,
are pure Python and independent of each other, so a build that has many of them
to do (a fresh checkout, a new version of the code) runs them in forked worker
processes, one per core. Forked workers start with everything the parent has
loaded (the glossary, the project), so only the tasks' results cross between
processes.

Forking is used only where it is safe and worth it: on Linux, with more than
one core, and with enough tasks to repay starting the workers. Elsewhere, and
with ``BRIEFINGS_WORKERS=1``, the same function runs in this process, in order,
with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKERS_ENV = "BRIEFINGS_WORKERS"
#: Fewer tasks than this per worker are done here: starting a worker costs more.
MIN_TASKS_PER_WORKER = 16
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# The task of the current map, for the forked workers: set before the pool forks,
# so that neither the function (often a closure) nor the items are pickled.
_task: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def worker_count(wanted: int = 0) -> int:
    """How many processes may work at once: ``wanted``, or one per core; 1 if forking is unsafe.

    ``BRIEFINGS_WORKERS`` overrides ``wanted``.
    """
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # macOS and Windows cannot safely fork a process that has loaded libraries
    override = os.environ.get(WORKERS_ENV, "").strip()
    if override.isdigit() and int(override) > 0:
        wanted = int(override)
    return max(1, wanted or os.cpu_count() or 1)


def parallel_map(function: Callable[[T], R], items: Sequence[T], workers: int = 0) -> list[R]:
    """``[function(item) for item in items]``, computed by forked workers when worth it.

    :param workers: at most this many processes (0: one per core; see :func:`worker_count`)
    :return: the results in the order of ``items``; an exception ``function``
        raises in a worker is raised here
    """
    global _task, _items
    count = min(worker_count(workers), len(items) // MIN_TASKS_PER_WORKER)
    if count < 2 or _task is not None:  # no nesting: a worker does its share itself
        return [function(item) for item in items]
    _task, _items = function, items
    pool = multiprocessing.get_context("fork").Pool(
        count, initializer=quiet_signals, initargs=(os.getpid(),)
    )
    try:
        results = pool.map(_run, range(len(items)), chunksize=max(1, len(items) // (count * 4)))
        pool.close()  # the workers finish and leave; no signal needed
        return results
    except BaseException:
        pool.terminate()  # SIGTERM: each worker unwinds (a half-written file is removed)
        raise
    finally:
        pool.join()
        _task, _items = None, ()


def die_with_parent(parent: int | None = None) -> None:
    """In a forked worker: end when the parent ends, however it ends.

    A parent killed with ``SIGKILL`` (or a plain ``SIGTERM``, which Python does
    not turn into an exception by default) runs no cleanup, and its workers
    would live on as orphans. On Linux the kernel sends them ``SIGKILL`` when the
    parent dies (``PR_SET_PDEATHSIG``); a parent that died before this was set
    is noticed by the change of parent id.

    :param parent: the parent's process id, as the parent saw it before forking
    """
    if sys.platform != "linux":
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: nothing more to do
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def quiet_signals(parent: int | None = None) -> None:
    """In a forked worker: Ctrl-C is the parent's to handle; SIGTERM ends the worker quietly.

    Ctrl-C reaches every process of the terminal; the parent, stopping, stops its
    workers with SIGTERM. That exits through ``SystemExit``, so ``finally``
    blocks run (a catalog being written leaves no temporary file) and no
    traceback is printed.
    """
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _run(index: int) -> Any:
    assert _task is not None
    return _task(_items[index])
