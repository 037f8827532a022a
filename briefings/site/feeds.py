"""An Atom feed (RFC 4287) per language: the newest briefings, for feed readers.

Written with :mod:`xml.etree.ElementTree`: an Atom feed is a dozen elements,
and the standard library escapes text and attributes correctly.

Every entry needs a date (``updated``: when it last changed). A dated
briefing's is its publication date. An article whose source gives no date
still has an honest one: when its source file last changed in content/. Its
entry has that as ``updated`` and no ``published``, so a feed reader shows it
without inventing a publication date. Entry ids are ``urn:uuid:`` made from the
site's name, the language and the slug: they never change when the site moves
to another address.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: How many briefings a feed holds, newest first.
FEED_SIZE = 50
# Only a feed without a single dated briefing needs this: Atom requires a date.
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class FeedEntry:
    """One briefing in a feed, as the page in that language shows it."""

    slug: str
    title: str
    title_lang: str
    link: str  # the briefing's page: absolute with a site URL, else relative to the feed
    published: dt.date | None  # None: the source gives no date
    summary: str | None = None
    summary_lang: str | None = None
    categories: list[str] = field(default_factory=list)
    # Other languages' versions of the same briefing: {lang: link}
    alternates: dict[str, str] = field(default_factory=dict)
    #: When the entry last changed, for one without ``published`` (its source file's time).
    changed: dt.datetime | None = None

    @property
    def updated(self) -> dt.date | dt.datetime:
        if self.published is not None:
            return self.published
        return self.changed or _EPOCH


def entry_id(site_name: str, lang: str, slug: str) -> str:
    """A permanent id for a briefing in one language."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"briefings:{site_name}:{lang}:{slug}"))


def _timestamp(day: dt.date | dt.datetime) -> str:
    if not isinstance(day, dt.datetime):
        day = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return day.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def atom_feed(
    *,
    lang: str,
    title: str,
    site_name: str,
    self_link: str,
    home_link: str,
    entries: list[FeedEntry],
    subtitle: str | None = None,
) -> bytes:
    """The feed as UTF-8 XML.

    :param lang: the feed's language (``xml:lang``)
    :param self_link: where the feed itself is published
    :param home_link: the home page in this language
    :param entries: briefings, newest first; the first :data:`FEED_SIZE` are kept
    """
    entries = entries[:FEED_SIZE]
    # The namespace is written as a plain attribute: ElementTree would invent a prefix.
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    ET.SubElement(feed, "id").text = entry_id(site_name, lang, "")
    ET.SubElement(feed, "title").text = title
    if subtitle:
        ET.SubElement(feed, "subtitle").text = subtitle
    updated = max((_timestamp(e.updated) for e in entries), default=None)
    ET.SubElement(feed, "updated").text = updated or _timestamp(_EPOCH)
    author = ET.SubElement(feed, "author")
    ET.SubElement(author, "name").text = site_name
    ET.SubElement(feed, "link", {"rel": "self", "href": self_link,
                                             "type": "application/atom+xml"})
    ET.SubElement(feed, "link", {"rel": "alternate", "href": home_link,
                                             "type": "text/html", "hreflang": lang})
    ET.SubElement(feed, "generator").text = "briefings"
    for item in entries:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = entry_id(site_name, lang, item.slug)
        title_element = ET.SubElement(entry, "title")
        title_element.text = item.title
        if item.title_lang != lang:
            title_element.set(XML_LANG, item.title_lang)
        if item.published is not None:
            ET.SubElement(entry, "published").text = _timestamp(item.published)
        ET.SubElement(entry, "updated").text = _timestamp(item.updated)
        ET.SubElement(entry, "link", {"rel": "alternate", "href": item.link,
                                                  "type": "text/html", "hreflang": lang})
        for other, link in item.alternates.items():
            if other != lang:
                ET.SubElement(entry, "link", {"rel": "alternate", "href": link,
                                                          "type": "text/html", "hreflang": other})
        for category in item.categories:
            ET.SubElement(entry, "category", {"term": category})
        if item.summary:
            summary = ET.SubElement(entry, "summary", {"type": "text"})
            summary.text = item.summary
            if item.summary_lang and item.summary_lang != lang:
                summary.set(XML_LANG, item.summary_lang)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
