"""Tags: how briefings are grouped on tag pages.

A briefing's tags are the ``tags`` of its front matter. An article without any
(text pasted from a news page has no front matter) is tagged with the places
from the glossary that it names, most mentioned first, so its readers can still
find the other briefings about the same place. Tags are kept in English (or as
written in the front matter); the pages show a tag in the page's language when
the glossary has a form for it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

from briefings.model import Briefing

#: How many glossary places tag an article that has no tags of its own.
MAX_PLACE_TAGS = 4
#: How many of its own tags an article keeps; the rest are dropped (and the build warns).
MAX_TAGS = 30
#: The longest tag slug, in bytes (ASCII): file systems refuse names over 255 bytes.
MAX_SLUG_BYTES = 64
_HASH_CHARACTERS = 12


def briefing_tags(briefing: Briefing) -> list[str]:
    """The tags of ``briefing``: its own, or the glossary places it names."""
    own = own_tags(briefing)
    if own:
        return own[:MAX_TAGS]
    places = [e for e in briefing.entities if e.type == "place" and e.in_glossary]
    places.sort(key=lambda e: -e.mentions)  # stable: ties keep the order of appearance
    return [e.name for e in places[:MAX_PLACE_TAGS]]


def own_tags(briefing: Briefing) -> list[str]:
    """The article's own tags, each once, in order (none dropped: see :data:`MAX_TAGS`)."""
    return list(dict.fromkeys(tag.strip() for tag in briefing.article.tags if tag and tag.strip()))


def tag_slug(tag: str) -> str:
    """The tag's part of a URL: ASCII letters, digits and hyphens.

    >>> tag_slug("Nagorno-Karabakh"), tag_slug("Côte d'Ivoire")
    ('nagorno-karabakh', 'cote-d-ivoire')
    """
    ascii_text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug == "index":
        return "tag-index"  # tags/index is the page of all tags
    if not slug:
        # A tag in another script only: spell out its code points, still stable and safe.
        slug = "tag-" + "-".join(f"{ord(ch):x}" for ch in tag if not ch.isspace())
    return _bounded(slug, tag)


def _bounded(slug: str, tag: str) -> str:
    """``slug`` cut to :data:`MAX_SLUG_BYTES`, made unique again by a hash of the whole tag.

    >>> len(_bounded("x" * 300, "x" * 300)) == MAX_SLUG_BYTES
    True
    """
    if len(slug) <= MAX_SLUG_BYTES:
        return slug
    digest = hashlib.sha256(tag.encode("utf-8")).hexdigest()[:_HASH_CHARACTERS]
    keep = MAX_SLUG_BYTES - _HASH_CHARACTERS - 1
    return f"{slug[:keep].rstrip('-')}-{digest}"


def tags_index(briefings: list[Briefing]) -> dict[str, list[Briefing]]:
    """Tag -> its briefings (in the order given), tags sorted by name.

    Two tags that make the same slug ("Karabakh" and "karabakh") are one tag,
    named as it first appeared.
    """
    by_slug: dict[str, list[Briefing]] = defaultdict(list)
    names: dict[str, str] = {}
    for briefing in briefings:
        for tag in briefing_tags(briefing):
            slug = tag_slug(tag)
            names.setdefault(slug, tag)
            if all(other is not briefing for other in by_slug[slug]):
                by_slug[slug].append(briefing)
    return {
        names[slug]: by_slug[slug]
        for slug in sorted(by_slug, key=lambda s: names[s].casefold())
    }
