"""``events.yaml``: the editor's title and dek per event key, next to ``mkdocs.yml``.

::

    karabakh-operation-2023:
      title: Azerbaijan's one-day offensive in Nagorno-Karabakh
      dek: Baku says its goals are met; Yerevan and Moscow tell it differently.

The file is optional and untrusted like every input: read with PyYAML's safe
loader, bounded in size and in aliases (no "billion laughs"), and every problem
is one line naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from briefings.errors import BriefingsError
from briefings.events.model import EventNote

EVENTS_FILE = "events.yaml"
MAX_BYTES = 512_000
MAX_ALIASES = 100
_KEY = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
_MAX_TEXT = 2000


def load_event_notes(root: Path) -> dict[str, EventNote]:
    """The notes of ``root/events.yaml`` by key; none when the file does not exist."""
    path = root / EVENTS_FILE
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise BriefingsError(EVENTS_FILE, f"cannot be read ({exc.strerror})") from None
    return parse_event_notes(data, EVENTS_FILE)


def parse_event_notes(data: bytes, shown: str = EVENTS_FILE) -> dict[str, EventNote]:
    """The notes in ``data`` (the bytes of an ``events.yaml``)."""
    if len(data) > MAX_BYTES:
        raise BriefingsError(shown, f"is over {MAX_BYTES // 1000} kB; keep one entry per event")
    try:
        text = data.decode("utf-8")
        loader = yaml.SafeLoader(text)
    except (UnicodeDecodeError, yaml.reader.ReaderError):
        raise BriefingsError(shown, "is not UTF-8 text YAML can read; save it as UTF-8") from None
    try:
        node = loader.get_single_node()
        if node is None:
            return {}
        if _aliases(node) > MAX_ALIASES:
            raise BriefingsError(shown, f"uses more than {MAX_ALIASES} YAML aliases; write "
                                 "the entries out")
        raw = loader.construct_document(node)
    except BriefingsError:
        raise
    except RecursionError:
        raise BriefingsError(shown, "is nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BriefingsError(shown, f"invalid YAML: {problem}",
                             line=mark.line + 1 if mark else None) from None
    except Exception as exc:  # a bad scalar ("!!int abc"): about the input
        raise BriefingsError(shown, f"invalid YAML: {exc}".splitlines()[0][:200]) from None
    finally:
        loader.dispose()
    if not isinstance(raw, dict):
        raise BriefingsError(shown, "must map event keys to a title and a dek")
    notes = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key) or key == "index":
            raise BriefingsError(shown, f"event key {str(key)[:40]!r} must be lower-case letters, "
                                 "digits and hyphens (not 'index'), as in the articles' 'event:'")
        if not isinstance(value, dict) or set(value) - {"title", "dek"}:
            raise BriefingsError(shown, f"event {key!r} takes only 'title' and 'dek'")
        texts = {}
        for field in ("title", "dek"):
            item = value.get(field)
            if item is not None and (not isinstance(item, str) or len(item) > _MAX_TEXT):
                raise BriefingsError(shown, f"event {key!r}: '{field}' must be text of at most "
                                     f"{_MAX_TEXT} characters")
            texts[field] = " ".join(item.split()) or None if isinstance(item, str) else None
        notes[key] = EventNote(texts["title"], texts["dek"])
    return notes


def _aliases(node: yaml.Node) -> int:
    """How many times nodes are reused (aliases), counted without expanding them."""
    seen: set[int] = set()
    count = 0
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            count += 1
            continue
        seen.add(id(item))
        if isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                stack.extend((key, value))
    return count
