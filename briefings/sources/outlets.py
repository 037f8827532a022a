"""The outlet a pasted page came from, told from the lines of its chrome.

A browser's copy of a page names its outlet in the site label at the top ("AP
Logo", "ARMENPRESS Armenian News Agency", "The Guardian - Back to home"), in a
relay line ("Story by Reuters", "By Euronews with AFP") or in the copyright
line at the bottom ("© 2023 TASS. All rights reserved."). Those lines are
furniture and are removed; the name in them is kept. Outlets of the region and
the big wires are known by name; any other comes from a copyright line.
"""

from __future__ import annotations

import re

# name: the other ways pages write it. Matching ignores case.
KNOWN_OUTLETS: dict[str, tuple[str, ...]] = {
    "Reuters": ("Thomson Reuters",),
    "AP": ("Associated Press", "The Associated Press", "AP News"),
    "AFP": ("Agence France-Presse", "Agence France Presse"),
    "TASS": ("ТАСС", "Russian News Agency TASS"),
    "RIA Novosti": ("РИА Новости", "RIA"),
    "Interfax": ("Интерфакс", "INTERFAX.RU", "Interfax.ru"),
    "Sputnik": ("Sputnik News", "Sputnik Armenia", "Sputnik Армения", "Sputnik Azərbaycan"),
    "RT": ("RT News", "Russia Today"),
    "Al Jazeera": ("Al Jazeera English", "Al Jazeera Media Network"),
    "BBC News": ("BBC", "British Broadcasting Corporation"),
    "The Guardian": ("Guardian",),
    "Euronews": ("euronews.",),
    "France 24": ("France24",),
    "DW": ("Deutsche Welle",),
    "CNN": (),
    "RFE/RL": ("RFE/RL Armenian Service", "Radio Free Europe/Radio Liberty", "Azatutyun",
               "Radio Azatutyun"),
    "Trend": ("Trend News Agency", "Trend.az"),
    "APA": ("APA.az", "APA Information Agency"),
    "Report.az": ("Report", "Report News Agency", "REPORT.AZ"),
    "AZERTAC": ("Azertac", "AZERTAJ", "AZƏRTAC", "АЗЕРТАДЖ", "Azerbaijan State News Agency"),
    "Azernews": ("AzerNews",),
    "Turan": ("Turan Information Agency",),
    "Anadolu Agency": ("Anadolu", "Anadolu Ajansı", "AA"),
    "Daily Sabah": (),
    "TRT World": (),
    "Armenpress": ("ARMENPRESS Armenian News Agency", "Armenpress News Agency", "Արմենպրես",
                   "Арменпресс"),
    "NEWS.am": (),
    "Mediamax": ("Mediamax.am",),
    "ArmInfo": (),
    "Arka": ("ARKA News Agency",),
    "Hetq": (),
    "CivilNet": (),
    "Asbarez": (),
    "The Armenian Weekly": ("Armenian Weekly",),
    "OC Media": ("OC-Media", "oc-media.org"),
    "Eurasianet": (),
    "JAMnews": (),
    "Civil.ge": (),
    "President of Russia": ("Kremlin.ru",),
    "President.az": (),
    "Kommersant": ("Коммерсантъ",),
    "Meduza": ("Медуза",),
    "Caliber": ("Caliber.az",),
}
_FORMS = sorted(
    ((form, name) for name, forms in KNOWN_OUTLETS.items() for form in (name, *forms)),
    key=lambda pair: -len(pair[0]),
)
_BY_FORM = {form.casefold(): name for form, name in _FORMS}
_FORM_PATTERN = "|".join(re.escape(form) for form, _ in _FORMS)
# The whole line is the outlet, perhaps with a label: "AP Logo", "TASS",
# "The Guardian - Back to home", "ARMENPRESS Armenian News Agency".
_SITE_LABEL = re.compile(
    rf"(?P<name>{_FORM_PATTERN})(?:\s+(?:logo|home|homepage|news)|\s*[-–—|:]\s*.{{0,40}})?\.?",
    re.IGNORECASE,
)
# A relay: "Story by Reuters", "By Euronews with AFP", "Source: Al Jazeera and news agencies".
_RELAY = re.compile(
    rf"(?:story|report|article|text)\s+(?:by|from)\s+(?P<name>{_FORM_PATTERN})\b"
    rf"|\bwith\s+(?P<with>{_FORM_PATTERN})\b"
    rf"|^by\s+(?P<by>{_FORM_PATTERN})(?:\s+staff)?$"
    rf"|^source:\s*(?P<source>{_FORM_PATTERN})\b"
    r"|^by\s+(?P<staff>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,4})\s+staff$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[^.,;|©]{2,60}?)"
    r"(?:\.|,|\s+all rights|\s*$)",
    re.IGNORECASE,
)


def known_outlet(text: str) -> str | None:
    """The outlet's usual name, when ``text`` is one of the ways it is written."""
    return _BY_FORM.get(" ".join(text.split()).casefold())


def outlet_from_lines(lines: list[str]) -> str | None:
    """The outlet named by the chrome ``lines`` of a page (in page order), or ``None``.

    A relay line names the outlet that filed the story and wins; then a site
    label; then a copyright line.
    """
    for line in lines:
        m = _RELAY.search(line.strip())
        if m:
            name = m.group("name") or m.group("by") or m.group("source")
            if name:
                return _BY_FORM[name.casefold()]
            if m.group("staff"):
                return known_outlet(m.group("staff")) or m.group("staff")
    for line in lines:
        m = _SITE_LABEL.fullmatch(line.strip())
        if m:
            return _BY_FORM[m.group("name").casefold()]
    for line in lines:
        m = _COPYRIGHT.search(line)
        if m:
            name = " ".join(m.group("name").split())
            known = known_outlet(name) or known_outlet(re.sub(r"^the\s+", "", name, flags=re.I))
            if known:
                return known
            if 1 <= len(name.split()) <= 5 and not re.search(r"\d", name):
                return name
    return None
