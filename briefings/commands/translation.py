"""``briefings translate | check | status | models``: the translators' commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from briefings.cache import RunCache
from briefings.cli import one_line
from briefings.collection import Collection, collect
from briefings.errors import BriefingsError
from briefings.events import project_events
from briefings.events.catalogs import fold_reports, update_event_catalogs
from briefings.project import Project, load_project
from briefings.translation.catalogs import catalog_status
from briefings.translation.checks import check_catalog
from briefings.translation.drafting import engine_config, update_catalogs
from briefings.translation.engines import describe_engines
from briefings.translation.models import default_packages_dirs, install_archive, list_installed
from briefings.translation.pofile import read_catalog

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def _project(args: argparse.Namespace) -> Project:
    return load_project(Path(args.project) if args.project else None)


def _languages(project: Project, args: argparse.Namespace) -> list[str]:
    langs = args.lang or list(project.languages)
    unknown = [lang for lang in langs if lang not in project.languages]
    if unknown:
        raise BriefingsError(
            project.root / "mkdocs.yml",
            f"language {unknown[0]!r} is not configured; "
            f"languages: {', '.join(project.languages)}",
        )
    return langs


def _report_sources(collection) -> None:
    for problem in collection.problems:
        _problem(f"{problem} (skipped)")


def _problem(message: object) -> None:
    """One line on stderr, whatever the message holds."""
    err.print(f"briefings: {one_line(message)}", markup=False, soft_wrap=True)


def _unreadable_catalogs(
    project: Project, collection: Collection, langs: list[str], slug: str | None
) -> list[BriefingsError]:
    """The problems of every existing catalog a run would update."""
    problems = []
    for lang in langs:
        for briefing in collection.briefings:
            path = project.catalog_path(lang, briefing.slug)
            if (slug is None or briefing.slug == slug) and path.exists():
                try:
                    read_catalog(path, lang)
                except BriefingsError as exc:
                    problems.append(BriefingsError(project.relative(path), exc.problem, exc.line))
    return problems


def cmd_translate(args: argparse.Namespace) -> int:
    """Merge every catalog with its article and draft pending units.

    A source or catalog that cannot be read is reported (``file:line: problem``)
    and left exactly as it is; the others are processed and the exit code is 1.
    With ``--strict``, such a problem stops the run before anything is written,
    and a language without an engine fails it too.
    """
    project = _project(args)
    langs = _languages(project, args)
    # Shared with `mkdocs build`: what either worked out, the other need not redo.
    cache = RunCache.of_project(project)
    collection = collect(project, cache=cache)
    if args.strict:
        found = [
            *collection.problems,
            *_unreadable_catalogs(project, collection, langs, args.article),
        ]
        for problem in found:
            _problem(problem)
        if found:
            _problem("--strict: stopped before changing anything")
            return 1
    _report_sources(collection)

    show_bar = not args.no_progress and sys.stderr.isatty()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("left:"), TimeRemainingColumn(),
        console=err, disable=not show_bar, transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(lang: str, done: int, total: int) -> None:
            if lang not in tasks:
                tasks[lang] = bar.add_task(f"drafting {lang}", total=total)
            bar.update(tasks[lang], completed=done)

        try:
            reports = update_catalogs(project, collection, langs, args.article,
                                      progress=progress, cache=cache)
            if args.article is None:  # the events' own titles and deks, the same way
                reports = fold_reports(reports, update_event_catalogs(
                    project, project_events(project.root, collection.briefings), collection,
                    langs, cache=cache))
            cache.save()
        except BriefingsError as exc:  # a file that cannot be written, the lock: named as here
            where = project.relative(Path(exc.path)) if exc.path else None
            raise BriefingsError(where, exc.problem, exc.line) from exc

    failed = bool(collection.problems)
    for report in reports:
        for problem in report.problems:
            _problem(problem)
            failed = True
        out.print(report.summary(), markup=False)
        if report.unavailable and args.strict:
            failed = True
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Report translations that drop a glossary name or a number, are empty or unchanged."""
    project = _project(args)
    collection = collect(project)
    assert collection.glossary is not None
    found = 0
    unreadable = False
    for lang in _languages(project, args):
        for briefing in collection.briefings:
            path = project.catalog_path(lang, briefing.slug)
            if not path.exists():
                continue
            try:
                catalog = read_catalog(path, lang)
            except BriefingsError as exc:
                _problem(exc)
                unreadable = True
                continue
            shown = Path(project.relative(path))
            for problem in check_catalog(catalog, shown, collection.glossary, lang):
                out.print(str(problem), markup=False)
                found += 1
    out.print(f"{found} problem{'s' if found != 1 else ''} found", markup=False)
    return 1 if unreadable or (args.strict and found) else 0


def status_rows(project: Project) -> tuple[list[dict[str, object]], list[BriefingsError]]:
    """Per language and article: units total, reviewed, machine draft, stale, untranslated.

    An article with no catalog yet counts all its units as untranslated.
    """
    from briefings.translation.drafting import catalog_units

    collection = collect(project)
    rows: list[dict[str, object]] = []
    problems = list(collection.problems)
    for lang in project.languages:
        for briefing in collection.briefings:
            path = project.catalog_path(lang, briefing.slug)
            row: dict[str, object] = {"lang": lang, "article": briefing.slug,
                                      "catalog": project.relative(path)}
            if path.exists():
                try:
                    status = catalog_status(read_catalog(path, lang))
                except BriefingsError as exc:
                    problems.append(exc)
                    continue
                row.update(total=status.total, reviewed=status.reviewed,
                           machine_draft=status.machine_draft, stale=status.stale,
                           untranslated=status.untranslated)
            else:
                total = len(catalog_units(briefing))
                row.update(total=total, reviewed=0, machine_draft=0, stale=0,
                           untranslated=total)
            rows.append(row)
    return rows, problems


def cmd_status(args: argparse.Namespace) -> int:
    project = _project(args)
    rows, problems = status_rows(project)
    for problem in problems:
        _problem(problem)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 1 if problems else 0
    table = Table("lang", "article", "total", "reviewed", "machine draft", "stale",
                  "untranslated", title="Translation status")
    for row in rows:
        table.add_row(*(str(row[k]) for k in ("lang", "article", "total", "reviewed",
                                              "machine_draft", "stale", "untranslated")))
    out.print(table)
    return 1 if problems else 0


def cmd_models_list(args: argparse.Namespace) -> int:
    project = _project(args)
    folders = {
        lang: choice.model
        for lang, choice in project.engines.items()
        if choice.kind == "ctranslate2" and choice.model is not None
    }
    installed = list_installed(project.packages_dir, folders)
    if installed:
        for model in installed:
            out.print(
                f"{model.from_code} → {model.to_code}  {model.kind:<11} {model.name} "
                f"{model.version}  {model.path}",
                markup=False,
            )
    else:
        out.print("No translation models installed.", markup=False)
    out.print("", markup=False)
    for status in describe_engines([engine_config(project, lang) for lang in project.languages],
                                   project.packages_dir):
        state = f"ready: {status.provenance}" if status.available else f"missing: {status.problem}"
        out.print(f"en → {status.lang} ({status.kind}): {state}", markup=False)
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    project = _project(args)
    archive = Path(args.archive)
    packages_dir = project.packages_dir or _argos_packages_dir()
    model = install_archive(archive, packages_dir)
    out.print(f"sha256 {model.sha256}  {archive}", markup=False)
    for replaced in model.replaced:
        out.print(f"replaced {replaced}", markup=False)
    out.print(
        f"installed {model.name} {model.version} ({model.from_code} → {model.to_code}) "
        f"in {model.path}",
        markup=False,
    )
    return 0


def _argos_packages_dir() -> Path:
    given = os.environ.get("ARGOS_PACKAGES_DIR")
    if given:
        return Path(given)
    return default_packages_dirs()[0]
