"""The one error type users see: a file, a problem, and what to do."""

from __future__ import annotations

from pathlib import Path


class BriefingsError(Exception):
    """A problem with the user's input, reported as one line: ``file[:line]: problem``.

    Raised anywhere in the pipeline; the CLI and the MkDocs hooks print it
    without a traceback and exit non-zero.
    """

    def __init__(self, path: str | Path | None, problem: str, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.problem}" if where else self.problem
