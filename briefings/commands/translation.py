"""``briefings translate | check | status | models``: the translators' commands."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
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

from briefings.collection import Collection, collect
from briefings.errors import BriefingsError, one_line
from briefings.events import project_events
from briefings.events.catalogs import own_text_briefings
from briefings.model import Briefing
from briefings.project import Project, load_project
from briefings.run import Run
from briefings.translation.catalogs import BriefingCatalog, catalog_status
from briefings.translation.checks import Problem, check_catalog
from briefings.translation.engines import describe_engines, engine_config
from briefings.translation.models import default_packages_dirs, install_archive, list_installed
from briefings.translation.pofile import read_catalog, read_catalog_bytes, serialise
from briefings.translation.units import catalog_units

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
    # A run for one article leaves the events' catalogs alone; a whole run merges them too.
    briefings = collection.briefings if slug is not None else catalog_briefings(project,
                                                                                collection)
    for lang in langs:
        for briefing in briefings:
            path = project.catalog_path(lang, briefing.slug)
            if (slug is None or briefing.slug == slug) and path.exists():
                try:
                    read_catalog(path, lang)
                except BriefingsError as exc:
                    problems.append(BriefingsError(project.relative(path), exc.problem, exc.line))
    return problems


def catalog_briefings(project: Project, collection: Collection) -> list[Briefing]:
    """Whatever has catalogs: the briefings, then the events with text of their own."""
    events = project_events(project.root, collection.briefings)
    return [*collection.briefings, *own_text_briefings(events)]


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
    run = Run.start(project)
    collection = run.collection
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
            bar.update(tasks[lang], completed=done, total=total)

        try:
            # The events' own titles and deks go the same way, with the whole project.
            events = project_events(project.root, collection.briefings) \
                if args.article is None else None
            reports = run.update(langs, args.article, progress=progress, events=events,
                                 templates=True)
            run.save()
        except BriefingsError as exc:  # a file that cannot be written, the lock: named as here
            where = project.relative(Path(exc.path)) if exc.path else None
            raise BriefingsError(where, exc.problem, exc.line) from exc

    failed = bool(collection.problems)
    for line in reports[0].not_translated if reports else []:
        out.print(line, markup=False)
    for report in reports:
        for problem in report.problems:
            _problem(problem)
            failed = True
        out.print(report.summary(), markup=False)
        if report.unavailable and args.strict:
            failed = True
    return 1 if failed else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check reviewed translations (and, with ``--drafts``, fuzzy ones) of every catalog.

    Each problem is printed as ``file:line: [check] problem``, then the whole
    English and translation, indented; ``--json`` prints a list of objects
    (file, line, check, status, problem, msgid, msgstr) for CI.
    """
    project = _project(args)
    collection = collect(project)
    assert collection.glossary is not None
    article = getattr(args, "article", None)
    briefings = catalog_briefings(project, collection)  # an event's is events/<key>
    if article is not None and not any(b.slug == article for b in briefings):
        raise BriefingsError(project.content_path, f"no article with slug {article!r}")
    found: list[Problem] = []
    unreadable = False
    for lang in _languages(project, args):
        for briefing in briefings:
            if article is not None and briefing.slug != article:
                continue
            path = project.catalog_path(lang, briefing.slug)
            if not path.exists():
                continue
            try:
                catalog = read_catalog(path, lang)
            except BriefingsError as exc:
                _problem(BriefingsError(project.relative(path), exc.problem, exc.line))
                unreadable = True
                continue
            shown = Path(project.relative(path))
            found += check_catalog(catalog, shown, collection.glossary, lang,
                                   drafts=getattr(args, "drafts", False))
    if getattr(args, "json", False):
        print(json.dumps([p.as_dict() for p in found], ensure_ascii=False, indent=2))
    else:
        for problem in found:
            out.print(f"{problem} [{problem.check}, {problem.status}]", markup=False)
            out.print(f"    en: {problem.msgid}", markup=False)
            out.print(f"    {problem.path.parent.name}: {problem.translation}", markup=False)
        out.print(f"{len(found)} problem{'s' if len(found) != 1 else ''} found", markup=False)
    return 1 if unreadable or (args.strict and found) else 0


def status_rows(project: Project) -> tuple[list[dict[str, object]], list[BriefingsError]]:
    """Per language and catalog (articles', then events'): units in each state.

    Every unit is in exactly one state, so ``reviewed + machine_draft + flagged
    + stale + untranslated == total``. An article with no catalog yet, or
    whose catalog cannot be read (the row says why in ``problem``), counts
    all its units as untranslated: that is what its page shows. One whose
    source is not in the site's source language has none, and its row's
    ``note`` says why.
    """
    from briefings.sources.language import not_translated

    collection = collect(project)
    rows: list[dict[str, object]] = []
    problems = list(collection.problems)
    for lang in project.languages:
        for briefing in catalog_briefings(project, collection):
            path = project.catalog_path(lang, briefing.slug)
            row: dict[str, object] = {"lang": lang, "article": briefing.slug,
                                      "catalog": project.relative(path)}
            status = None
            why = not_translated(briefing.article.lang, project.source_language)
            if why:
                row.update(catalog=None, total=0, reviewed=0, machine_draft=0, flagged=0,
                           stale=0, untranslated=0, note=why)
                rows.append(row)
                continue
            if path.exists():
                try:
                    status = catalog_status(read_catalog(path, lang))
                except BriefingsError as exc:
                    problem = BriefingsError(project.relative(path), exc.problem, exc.line)
                    problems.append(problem)
                    row["problem"] = str(problem)
            if status is not None:
                row.update(total=status.total, reviewed=status.reviewed,
                           machine_draft=status.machine_draft, flagged=status.flagged,
                           stale=status.stale, untranslated=status.untranslated)
            else:
                total = len(catalog_units(briefing))
                row.update(total=total, reviewed=0, machine_draft=0, flagged=0, stale=0,
                           untranslated=total)
            rows.append(row)
    return rows, problems


_FIGURES = ("total", "reviewed", "machine_draft", "flagged", "stale", "untranslated")


def cmd_status(args: argparse.Namespace) -> int:
    project = _project(args)
    rows, problems = status_rows(project)
    for problem in problems:
        _problem(problem)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 1 if problems else 0
    table = Table("lang", "article", "total", "reviewed", "machine draft", "failed check",
                  "stale", "untranslated", title="Translation status")
    notes = [f"{row['article']}: {row['note']}" for row in rows if "note" in row]
    for lang in project.languages:
        mine = [row for row in rows if row["lang"] == lang and "note" not in row]
        for row in mine:
            table.add_row(lang, str(row["article"]), *(str(row[k]) for k in _FIGURES))
        # The language's figures, which add up to its units as each row's do.
        sums = [sum(int(str(row[k])) for row in mine) for k in _FIGURES]
        table.add_row(lang, "(all)", *map(str, sums), end_section=True)
    out.print(table)
    for note in dict.fromkeys(notes):  # once, not once per language
        out.print(note, markup=False)
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


# Header fields a translator's tool stamps on every save: in a merge, the newer side's win.
_STAMPS = ("PO-Revision-Date", "Last-Translator", "X-Generator")
_LANGUAGE = re.compile(r'^"Language: *([^\\"]*)', re.MULTILINE)


def cmd_merge_po(args: argparse.Namespace) -> int:
    """A git merge driver for catalogs: ``briefings merge-po %O %A %B``.

    The three versions are rewritten the way this tool writes them (so that
    wrapping by different editors does not conflict), with the header fields
    editors stamp (:data:`_STAMPS`) set aside; git's own three-way merge
    (``git merge-file``) then merges them entry by entry, and the stamps of the
    side revised last are put back. The result goes into ``%A``, as git asks;
    real conflicts (both sides changed one entry) keep git's conflict markers
    and exit 1, which git reports as a conflict.
    """
    ancestor, ours, theirs = Path(args.ancestor), Path(args.ours), Path(args.theirs)
    try:
        versions = [_canonical(path) for path in (ancestor, ours, theirs)]
    except BriefingsError as exc:
        _problem(f"{exc} (merged as plain text)")
        return _merge_file(ours, ancestor, theirs)
    (_, base), (our_catalog, mine), (their_catalog, other) = versions
    newer = max((our_catalog, their_catalog),
                key=lambda c: c.kept_headers.get("PO-Revision-Date", ""))
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in (("ours", mine), ("base", base), ("theirs", other)):
            paths.append(Path(folder) / f"{name}.po")
            paths[-1].write_bytes(data)
        result = subprocess.run(["git", "merge-file", "-p", *map(str, paths)],
                                capture_output=True, check=False)
    if result.returncode != 0:
        ours.write_bytes(result.stdout)
        return 1
    lang = _language_of(result.stdout, ours)
    merged = read_catalog(ours, lang, result.stdout)
    for name in _STAMPS:
        if name in newer.kept_headers:
            merged.kept_headers[name] = newer.kept_headers[name]
    ours.write_bytes(serialise(merged))
    return 0


def _canonical(path: Path) -> tuple[BriefingCatalog, bytes]:
    data = read_catalog_bytes(path) or b""
    catalog = read_catalog(path, _language_of(data, path), data)
    assert isinstance(catalog, BriefingCatalog)
    stamps = {name: catalog.kept_headers.pop(name, None) for name in _STAMPS}
    catalog.raw_entries, catalog.raw_header = {}, None
    canonical = serialise(catalog)
    catalog.kept_headers.update({k: v for k, v in stamps.items() if v is not None})
    return catalog, canonical


def _language_of(data: bytes, path: Path) -> str:
    found = _LANGUAGE.search(data.decode("utf-8", "replace"))
    if not found or not found.group(1).strip():
        raise BriefingsError(path, "no 'Language:' line in the header")
    return found.group(1).strip()


def _merge_file(ours: Path, ancestor: Path, theirs: Path) -> int:
    result = subprocess.run(["git", "merge-file", str(ours), str(ancestor), str(theirs)],
                            check=False)
    return 0 if result.returncode == 0 else 1


def cmd_export(args: argparse.Namespace) -> int:
    """``briefings export glossary|memory --lang L``: files Poedit, Weblate and CAT tools import.

    * ``glossary``: the glossary's agreed forms, as TBX (translate-toolkit's
      writer) or as Weblate's two-column CSV (``source,target``);
    * ``memory``: every reviewed entry of the language's catalogs, as TMX
      (translate-toolkit's writer), each noting the catalog it was reviewed in.
    """
    project = _project(args)
    (lang,) = _languages(project, argparse.Namespace(lang=[args.lang]))
    if args.what == "glossary":
        data = _glossary_export(project, lang, args.format)
    else:
        data = _memory_export(project, lang)
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
        out.print(f"wrote {args.output}", markup=False)
    return 0


def _glossary_export(project: Project, lang: str, form: str) -> bytes:
    from briefings.glossary import load_glossary

    glossary = load_glossary(project.glossary_path)
    terms = [(term.name, term.forms[lang]) for term in glossary.terms if term.forms.get(lang)]
    if form == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["source", "target"])
        writer.writerows(terms)
        return buffer.getvalue().encode("utf-8")
    from translate.storage import tbx

    store = tbx.tbxfile(sourcelanguage="en", targetlanguage=lang)
    for name, target in terms:
        store.addsourceunit(name).target = target
    return bytes(store)


def _memory_export(project: Project, lang: str) -> bytes:
    from translate.storage import tmx

    from briefings.translation.catalogs import reviewed_memory

    collection = collect(project)
    catalogs = []
    for briefing in collection.briefings:
        path = project.catalog_path(lang, briefing.slug)
        if path.exists():
            try:
                catalogs.append((project.relative(path), read_catalog(path, lang)))
            except BriefingsError as exc:
                _problem(BriefingsError(project.relative(path), exc.problem, exc.line))
    store = tmx.tmxfile(sourcelanguage="en", targetlanguage=lang)
    for msgid, (msgstr, where) in reviewed_memory(catalogs).items():
        store.addtranslation(msgid, "en", msgstr, lang, comment=where)
    return bytes(store)
