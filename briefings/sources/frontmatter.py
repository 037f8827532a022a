"""YAML front matter: the editor's own facts about an article.

Only ``yaml.safe_load`` is used, so tags like ``!!python/object`` are refused
instead of constructing objects.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefings.errors import BriefingsError

KNOWN_KEYS = (
    "title", "dek", "slug", "source", "url", "author", "published", "tags", "attribution", "lang",
)
_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass
class FrontMatter:
    """Validated front matter; every field is optional."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: int = 0  # how many lines of the file it takes, to keep line numbers right

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        return str(value).strip() or None if value is not None else None


def split_front_matter(text: str, path: Path | str) -> tuple[FrontMatter, str]:
    """Split ``text`` into its front matter and its body.

    A file that does not start with ``---`` has no front matter. Raises
    :class:`BriefingsError` with the line of the YAML error when it is invalid.
    """
    match = _FENCE.match(text)
    if not match:
        if text.startswith("---\n"):
            raise BriefingsError(path, "front matter opened with '---' is never closed", line=1)
        return FrontMatter(), text
    raw = match.group(1) or ""
    try:
        data = yaml.safe_load(raw)
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else 1
        raise BriefingsError(
            path, f"front matter uses a YAML tag that is not allowed ({exc.problem})", line=line
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BriefingsError(path, f"invalid front matter: {problem}", line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BriefingsError(path, "front matter must be a mapping of 'key: value' lines", line=2)
    unknown = sorted(str(k) for k in data if k not in KNOWN_KEYS)
    if unknown:
        raise BriefingsError(
            path,
            f"unknown front matter key {unknown[0]!r}; known keys: {', '.join(KNOWN_KEYS)}",
            line=2,
        )
    data["published"] = _as_date(data.get("published"), path)
    tags = data.get("tags")
    if tags is not None:
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",")]
        if not isinstance(tags, list):
            raise BriefingsError(path, "front matter 'tags' must be a list of words")
        data["tags"] = [str(t).strip() for t in tags if str(t).strip()]
    lines = match.group(0).count("\n")
    return FrontMatter(data, lines), text[match.end() :]


def _as_date(value: object, path: Path | str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise BriefingsError(
            path, f"front matter 'published' must be a date like 2023-09-20, not {value!r}"
        ) from None
