"""YAML front matter: the editor's own facts about an article.

Front matter comes from anyone who can add an article, so it is read with
PyYAML's safe loader only: tags like ``!!python/object`` are refused instead of
constructing objects, and every value must be of the type its key expects (text,
a date, a list of words), which also stops a nest of YAML aliases from growing
into gigabytes of text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefings.errors import BriefingsError
from briefings.safe_yaml import BoundedSafeLoader

KNOWN_KEYS = (
    "title", "dek", "slug", "source", "url", "author", "published", "tags", "attribution", "lang",
    "event",
)
_TEXT_KEYS = ("title", "dek", "slug", "source", "url", "author", "attribution", "lang", "event")
_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# An event key: a slug, as it appears in the event page's address ("none": no event).
_EVENT = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
# BCP 47-ish: "en", "ru", "hy-AM", "az-Latn".
_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_MAX_TEXT = 2000  # no headline, dek or byline is longer


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
    :class:`BriefingsError`, with the line where it can be told, when the YAML is
    invalid, uses a tag, or holds an unknown key or a value of the wrong type.
    """
    match = _FENCE.match(text)
    if not match:
        if text.startswith("---\n"):
            raise BriefingsError(path, "front matter opened with '---' is never closed", line=1)
        return FrontMatter(), text
    raw = match.group(1) or ""
    data, key_lines = _load(raw, path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BriefingsError(path, "front matter must be a mapping of 'key: value' lines", line=2)
    unknown = [k for k in data if k not in KNOWN_KEYS]
    if unknown:
        raise BriefingsError(
            path,
            f"unknown front matter key {str(unknown[0])[:40]!r}; "
            f"known keys: {', '.join(KNOWN_KEYS)}",
            line=key_lines.get(unknown[0], 2),
        )
    for key in _TEXT_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (dict, list, set, tuple, bytes)):
            raise BriefingsError(
                path, f"front matter '{key}' must be text, not a {_kind(value)}",
                line=key_lines.get(key, 2),
            )
        if len(str(value)) > _MAX_TEXT:
            raise BriefingsError(
                path, f"front matter '{key}' is over {_MAX_TEXT} characters",
                line=key_lines.get(key, 2),
            )
    lang = data.get("lang")
    if lang is not None and not _LANG.fullmatch(str(lang)):
        raise BriefingsError(
            path, f"front matter 'lang' must be a language code like 'en', not {str(lang)[:40]!r}",
            line=key_lines.get("lang", 2),
        )
    event = data.get("event")
    if event is not None and (not _EVENT.fullmatch(str(event).strip())
                              or str(event).strip() == "index"):
        raise BriefingsError(
            path, "front matter 'event' must be a key like 'karabakh-ceasefire-2023' "
            f"(lower-case letters, digits, hyphens; not 'index') or 'none', "
            f"not {str(event)[:40]!r}",
            line=key_lines.get("event", 2),
        )
    try:
        data["published"] = _as_date(data.get("published"), path)
    except BriefingsError as exc:
        raise BriefingsError(path, exc.problem, line=key_lines.get("published", 2)) from None
    tags = data.get("tags")
    if tags is not None:
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",")]
        if not isinstance(tags, list) or not all(
            isinstance(t, (str, int, float)) and len(str(t)) <= 100 for t in tags
        ):
            raise BriefingsError(
                path, "front matter 'tags' must be a list of words", line=key_lines.get("tags", 2)
            )
        data["tags"] = [str(t).strip() for t in tags if str(t).strip()]
    lines = match.group(0).count("\n")
    return FrontMatter(data, lines), text[match.end() :]


def _load(raw: str, path: Path | str) -> tuple[object, dict[object, int]]:
    """The YAML document in ``raw``, and the file line of each top-level key.

    Line numbers count from the ``---`` that opens the front matter (line 1).
    """
    try:
        # The reader checks every character when it is made: a C1 control or a
        # lone surrogate is refused right here.
        loader = BoundedSafeLoader(raw)
    except yaml.reader.ReaderError as exc:
        raise BriefingsError(
            path,
            f"invalid front matter: the character {chr(exc.character)!r} is not allowed in YAML"
            if isinstance(exc.character, int)
            else "invalid front matter: a character YAML does not allow",
            line=raw[: exc.position].count("\n") + 2,
        ) from None
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise BriefingsError(
                path, "invalid front matter: nested too deeply", line=2
            ) from None
        except yaml.YAMLError as exc:
            raise BriefingsError(path, f"invalid front matter: {_problem(exc)}",
                                 line=_line(exc)) from None
        if node is None:
            return None, {}
        key_lines: dict[object, int] = {}
        try:
            data = loader.construct_document(node)
        except yaml.constructor.ConstructorError as exc:
            if "tag" in str(exc.problem):
                problem = f"front matter uses a YAML tag that is not allowed ({exc.problem})"
            else:
                problem = f"invalid front matter: {exc.problem}"
            raise BriefingsError(path, problem, line=_line(exc)) from None
        except Exception as exc:  # anything PyYAML throws here is about the input
            # e.g. "published: 2023-13-45" (ValueError), "!!int abc", deep nesting
            raise BriefingsError(
                path, f"invalid front matter: {_one_line(exc)}", line=_bad_scalar_line(node)
            ) from None
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                line = key_node.start_mark.line + 2
                if key_node.value in key_lines:
                    # PyYAML would quietly keep the last one; the editor meant one of them.
                    raise BriefingsError(
                        path,
                        f"front matter key {key_node.value[:40]!r} is given twice "
                        f"(first on line {key_lines[key_node.value]}); keep one",
                        line=line,
                    )
                key_lines[key_node.value] = line
        return data, key_lines
    finally:
        loader.dispose()


def _line(exc: yaml.YAMLError) -> int:
    """The file line of a YAML error: where the problem is, or where its context began.

    A construct left open ("dek: [broken") is only noticed at the end of the
    front matter; the line that opened it is the useful one.
    """
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    if problem is not None and context is not None and problem.pointer >= len(problem.buffer) - 1:
        return context.line + 2
    mark = problem or context
    return mark.line + 2 if mark is not None else 2


def _problem(exc: yaml.YAMLError) -> str:
    return _one_line(getattr(exc, "problem", None) or "invalid YAML")


def _bad_scalar_line(root: yaml.Node) -> int:
    """The file line of the first value the safe loader cannot construct."""
    checker = yaml.SafeLoader("")
    try:
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    checker.construct_object(node)
                except Exception:
                    return node.start_mark.line + 2
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for key, value in reversed(node.value):
                    stack.extend((value, key))
    finally:
        checker.dispose()
    return 2


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:200]


def _kind(value: object) -> str:
    return {dict: "mapping", list: "list", set: "set", tuple: "list", bytes: "binary value"}.get(
        type(value), type(value).__name__
    )


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
