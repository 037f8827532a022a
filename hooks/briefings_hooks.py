"""MkDocs hooks: a thin adapter from MkDocs' events to the briefings pipeline.

Everything of substance lives in the ``briefings`` package; these functions only
hand MkDocs the pages the pipeline plans, and report problems through MkDocs' log
(so that ``mkdocs build --strict`` fails on a bad article).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from briefings.collection import collect
from briefings.project import project_from_config
from briefings.site.build import plan_pages
from briefings.translation.drafting import update_catalogs

log = logging.getLogger("mkdocs.plugins.briefings")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # Parse and analyse every article once per build; all pages come from this.
    project = project_from_config(_project_root(config), dict(config))
    collection = collect(project)
    for problem in collection.problems:
        log.warning("briefings: %s (not published)", problem)
    # Catalogs follow the articles on every build; drafting can be switched off
    # for quick previews. A missing model is information, never a failure.
    for report in update_catalogs(project, collection, draft=project.drafts_on_build):
        for problem in report.problems:
            log.warning("briefings: %s (catalog left as it was)", problem)
        if report.unavailable:
            log.info("briefings: no %s drafts: %s", report.lang, report.unavailable)
        elif report.new_drafts or report.flagged:
            log.info("briefings: %s", report.summary())
    for page in plan_pages(project, collection):
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent
