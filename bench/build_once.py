"""One ``mkdocs build`` in this process, and what it cost, as JSON on stdout.

    python bench/build_once.py PROJECT_FOLDER

Run by bench/run.py as a child process, so that each build starts cold (as
``mkdocs build`` does) and its peak memory is its own. Prints ``seconds`` (from
this process's start, imports included, as a user waits for ``mkdocs build``),
``peak_rss_mb`` (this process's peak plus that of each worker process it
forked, an upper bound since forked processes share pages) and, when the
briefings hooks ran, their statistics
(:class:`briefings.mkdocs.builds.BuildStats`).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import dataclasses  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402


def main() -> None:
    folder = sys.argv[1]
    os.chdir(folder)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    build(load_config("mkdocs.yml"))
    seconds = time.perf_counter() - STARTED
    from briefings.mkdocs.builds import peak_memory_mb

    stats = None
    peak = peak_memory_mb()  # VmHWM: not the parent's memory at fork time, as ru_maxrss is
    if "briefings.mkdocs.builds" in sys.modules:
        last = sys.modules["briefings.mkdocs.builds"].last_build
        if last is not None:
            stats = dataclasses.asdict(last)
            peak += sum(last.worker_peak_mb)
    json.dump({"seconds": seconds, "peak_rss_mb": peak, "stats": stats}, sys.stdout)


if __name__ == "__main__":
    main()
