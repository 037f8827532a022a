"""``sitemap.xml`` for the whole site, every language, with hreflang alternates.

Search engines learn from it that ``/ru/briefings/talks/`` is the Russian version
of ``/briefings/talks/`` (Google's "sitemap method" for localized pages). A
sitemap's addresses must be absolute, so without ``site_url`` it lists nothing,
as MkDocs' own does.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from briefings.site.urls import SOURCE_LANGUAGE, absolute_url

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class SitemapPage:
    """A published page and the same page in every language it exists in.

    URLs are relative to the top of the site (``"ru/briefings/talks/"``).
    """

    url: str
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> url, itself included


def sitemap_xml(site_url: str | None, pages: list[SitemapPage],
                source: str = SOURCE_LANGUAGE) -> bytes:
    """The sitemap as UTF-8 XML; empty without ``site_url``.

    Each page that exists in other languages lists them all, itself included,
    and ``x-default`` (the page in the articles' language ``source``), as Google asks.
    """
    # Namespaces are written as plain attributes: ElementTree would invent prefixes.
    urlset = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    if site_url:
        # By address: the languages may be built in any order, in several processes.
        for page in sorted(pages, key=lambda page: page.url):
            url = ET.SubElement(urlset, "url")
            ET.SubElement(url, "loc").text = absolute_url(site_url, page.url)
            if len(page.alternates) < 2:
                continue
            for lang, alternate in page.alternates.items():
                ET.SubElement(url, "xhtml:link", {
                    "rel": "alternate", "hreflang": lang,
                    "href": absolute_url(site_url, alternate),
                })
            if source in page.alternates:
                ET.SubElement(url, "xhtml:link", {
                    "rel": "alternate", "hreflang": "x-default",
                    "href": absolute_url(site_url, page.alternates[source]),
                })
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def gzipped(data: bytes) -> bytes:
    """``data`` gzipped reproducibly (no time stamp), for ``sitemap.xml.gz``."""
    return gzip.compress(data, mtime=0)
