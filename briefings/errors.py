"""The one error type users see: a file, a problem, and what to do."""

from __future__ import annotations

import re
from pathlib import Path

# Characters that would break the one-line promise or drive the terminal (escape
# sequences, carriage returns), or reorder what is shown (bidi overrides), should a
# file name, a model's metadata or a quoted bit of a file hold them.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(message: object) -> str:
    """``message`` on one line, control characters shown as escapes (``\\n``, ``\\x1b``).

    Every message the tool prints goes through this, so nothing read from a
    file can move the cursor, recolour the terminal or fake a second line.
    Applying it twice changes nothing.
    """
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], str(message))


class BriefingsError(Exception):
    """A problem with the user's input, reported as one line: ``file[:line]: problem``.

    Raised anywhere in the pipeline; the CLI and the MkDocs hooks print it
    without a traceback and exit non-zero. Its text never holds a control
    character (see :func:`one_line`).
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
        return one_line(f"{where}: {self.problem}" if where else self.problem)
