"""``briefings inspect``: what the tool makes of one article source."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from briefings.analysis import analyse
from briefings.errors import BriefingsError
from briefings.glossary import load_glossary
from briefings.inspection import briefing_summary, briefing_to_json
from briefings.sources import read_article


def cmd_inspect(args: argparse.Namespace) -> int:
    """Parse and analyse one source file, without needing a project."""
    path = Path(args.path)
    if path.is_dir():
        raise BriefingsError(path, "is a folder; give one article file")
    glossary_files = [Path(args.project) / "glossary.yaml"] if args.project else []
    briefing = analyse(
        read_article(path, max_bytes=args.max_bytes), load_glossary(*glossary_files)
    )
    if args.json:
        print(json.dumps(briefing_to_json(briefing), ensure_ascii=False, indent=2))
    else:
        print(briefing_summary(briefing))
    return 0
