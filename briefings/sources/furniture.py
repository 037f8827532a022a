"""Page furniture removal, driven by the rules in ``briefings/data/furniture.yaml``.

Every removal is recorded, so an editor can see what the tool took out and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from briefings.sources.blocks import Block


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    pattern: re.Pattern[str]
    match: str = "line"  # "line", "prefix" or "suffix"
    then: str | None = None  # "list" or "previous"


@cache
def furniture_rules() -> tuple[FurnitureRule, ...]:
    """The rules from the data file, compiled once."""
    data = yaml.safe_load(
        resources.files("briefings.data").joinpath("furniture.yaml").read_text("utf-8")
    )
    rules = []
    for entry in data:
        flags = 0 if entry.get("case") else re.IGNORECASE
        rules.append(
            FurnitureRule(
                name=entry["name"],
                pattern=re.compile(entry["pattern"], flags),
                match=entry.get("match", "line"),
                then=entry.get("then"),
            )
        )
    return tuple(rules)


def remove_furniture(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """The blocks without furniture, and what was removed (``"rule: text"``, in order)."""
    rules = furniture_rules()
    kept: list[Block] = []
    removed: list[str] = []
    dropping_list = False
    dropping_next = False
    previous_removed = False
    for block in blocks:
        # "Image caption," labels the block after it.
        if dropping_next:
            dropping_next = False
            removed.append(f"photo caption: {block.text}")
            continue
        # A "Related:" heading takes the link list under it along.
        if dropping_list:
            if block.kind == "item" or _looks_like_link_title(block.text):
                removed.append(f"related links: {block.text}")
                continue
            dropping_list = False
        if block.kind in ("image", "caption"):
            removed.append(f"photo caption: {block.text}")
            continue
        text, whole = block.text, None
        for rule in rules:
            if rule.match == "line":
                if rule.pattern.fullmatch(text):
                    whole = rule
                    break
            elif rule.match == "prefix":
                m = rule.pattern.match(text)
                if m and m.end() < len(text):
                    removed.append(f"{rule.name}: {m.group(0).strip()}")
                    text = text[m.end() :].lstrip()
            else:
                m = rule.pattern.search(text)
                if m and m.start() > 0:
                    removed.append(f"{rule.name}: {m.group(0).strip()}")
                    text = text[: m.start()].rstrip()
        if whole is None:
            kept.append(Block(text, block.line, block.kind))
            previous_removed = False
            continue
        # An embed's "— Name (@handle) date" line follows the post's own text,
        # unless that text was already recognised (a pic.twitter.com line).
        if (whole.then == "previous" and not previous_removed and kept
                and _looks_like_post(kept[-1].text)):
            removed.append(f"{whole.name}: {kept.pop().text}")
        removed.append(f"{whole.name}: {block.text}")
        dropping_list = whole.then == "list"
        dropping_next = whole.then == "next"
        previous_removed = True
    return kept, removed


def _looks_like_post(text: str) -> bool:
    """Whether a line reads like the text of an embedded social-media post."""
    return bool(re.search(r"(?:#\w|@\w|https?://|pic\.twitter|\bt\.co/)", text))


def _looks_like_link_title(text: str) -> bool:
    """A short headline-like line without sentence punctuation, as in a related-links list."""
    return len(text) < 120 and not re.search(r"[.!?]$", text)
