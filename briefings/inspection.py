"""The inspection contract: a briefing as the JSON object other tools rely on.

The keys and their types are fixed (see README, "briefings inspect"); add keys,
never rename or remove them.
"""

from __future__ import annotations

from typing import Any

from briefings.model import Briefing
from briefings.sources.language import is_english, language_name, not_translated


def briefing_to_json(
    briefing: Briefing, event: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The ``briefings inspect --json`` object for one briefing.

    :param event: the briefing's event in its project (see ``briefings events``), if any
    """
    article = briefing.article
    return {
        "slug": article.slug,
        "title": article.title,
        "title_generated": article.title_generated,
        "dek": article.dek,
        "dateline": article.dateline,
        "published": article.published.isoformat() if article.published else None,
        "source": {
            "name": article.source.name,
            "url": article.source.url,
            "author": article.source.author,
        },
        "attribution": article.attribution,
        "paragraphs": list(article.paragraphs),
        "removed": list(article.removed),
        "key_points": list(briefing.key_points),
        "statements": [
            {
                "speaker": s.speaker,
                "text": s.text,
                "direct_quote": s.direct_quote,
                "paragraph": s.paragraph,
            }
            for s in briefing.statements
        ],
        "timeline": [{"date": e.date, "text": e.text} for e in briefing.timeline],
        "entities": [
            {"name": e.name, "type": e.type, "affiliation": e.affiliation}
            for e in briefing.entities
        ],
        "event": event,
        "lang": article.lang,
        "language": {
            "code": article.lang,
            "source": article.lang_source,
            "analysed": is_english(article.lang),
            "translated": is_english(article.lang),
            "name": language_name(article.lang),
        },
    }


def briefing_summary(briefing: Briefing, event: dict[str, Any] | None = None) -> str:
    """A readable plain-text summary, for ``briefings inspect`` without ``--json``."""
    a = briefing.article
    unknown = "unknown"
    lines = [
        a.title + ("  [title generated from the lead: give it a real one]" if a.title_generated
                   else ""),
    ]
    if a.dek:
        lines.append(a.dek)
    lines += [
        "",
        f"slug:        {a.slug}",
        f"published:   {a.published.isoformat() if a.published else unknown}",
        f"dateline:    {a.dateline or unknown}",
        f"outlet:      {a.source.name or unknown}",
        f"link:        {a.source.url or unknown}",
        f"author:      {a.source.author or unknown}",
        f"attribution: {a.attribution or unknown}",
        f"paragraphs:  {len(a.paragraphs)}",
        "event:       " + (
            f"{event['key']} ({event['sources']} sources, {event['chosen']}): {event['title']}"
            if event else ("none (kept out by the editor)" if a.event == "none" else "none")
        ),
        f"language:    {a.lang} ({a.lang_source})"
        + ("" if is_english(a.lang) else
           f"; {language_name(a.lang)}, not English, so not analysed: no key points, "
           f"statements, timeline or names; {not_translated(a.lang)}"),
        "",
        "Key points:",
        *[f"  - {p}" for p in briefing.key_points],
        "",
        f"Who said what ({len(briefing.statements)}):",
        *[
            f"  - {s.speaker}: {'“' + s.text + '”' if s.direct_quote else s.text}"
            for s in briefing.statements
        ],
        "",
        f"Timeline ({len(briefing.timeline)}):",
        *[f"  - {e.date}: {e.text}" for e in briefing.timeline],
        "",
        "Named: " + (", ".join(f"{e.name} ({e.type})" for e in briefing.entities) or "nothing"),
        "",
        f"Removed as page furniture ({len(a.removed)}):",
        *[f"  - {r}" for r in a.removed],
    ]
    return "\n".join(lines)
