"""``briefings models get``: fetch the models the project's languages need."""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path

from briefings.errors import BriefingsError
from briefings.project import Project, load_project
from briefings.translation.fetching import (
    IndexEntry,
    choose_package,
    conversion_commands,
    default_index_url,
    fetch_and_install,
    read_index,
    run_conversion,
)
from briefings.translation.models import default_packages_dirs


def cmd_models_get(args: argparse.Namespace) -> int:
    project = load_project(Path(args.project) if args.project else None)
    langs = args.langs or list(project.languages)
    unknown = [lang for lang in langs if lang not in project.languages]
    if unknown:
        raise BriefingsError(
            project.root / "mkdocs.yml",
            f"language {unknown[0]!r} is not configured; languages: {', '.join(project.languages)}",
        )
    index_url = args.index or default_index_url()
    index: list[IndexEntry] | None = None  # read once, and only when an Argos language asks
    failed = 0
    for lang in langs:
        choice = project.engine_for(lang)
        try:
            if choice.kind == "ctranslate2":
                _convert(project, lang, run=args.convert)
                continue
            if index is None:
                index = read_index(index_url)
            source = project.source_language
            entry = choose_package(index, source, lang)
            if entry is None:
                raise BriefingsError(
                    index_url, f"the index has no {source}→{lang} package; use a "
                    "CTranslate2 model folder for it (docs/models.md)"
                )
            model = fetch_and_install(entry, project.packages_dir or _packages_dir())
            print(f"{lang}: installed {model.name} ({model.from_code} → {model.to_code} "
                  f"{model.version}, sha256 {model.sha256}) in {model.path}")
        except BriefingsError as exc:
            if index is None and choice.kind != "ctranslate2":
                raise  # the index itself cannot be read: every Argos language would fail alike
            print(f"briefings: {lang}: {exc}")
            failed += 1
    return 1 if failed else 0


def _convert(project: Project, lang: str, *, run: bool) -> None:
    choice = project.engine_for(lang)
    folder = choice.model if choice.model and choice.model.is_absolute() else (
        project.root / (choice.model or Path()))
    if (folder / "model.bin").is_file():
        print(f"{lang}: the CTranslate2 model is already in {project.relative(folder)}")
        return
    commands = conversion_commands(choice, project.root)
    print(f"{lang}: Argos has no package; convert a model into {project.relative(folder)} with:")
    for command in commands:
        shown = [project.relative(Path(a)) if a == str(folder) else a for a in command]
        print("  " + shlex.join(shown))
    if run:
        for command in commands:
            run_conversion(command)
        print(f"{lang}: converted into {project.relative(folder)}")
    else:
        print("  (or run `briefings models get --convert` where ct2-transformers-converter is "
              "installed and Hugging Face can be reached)")


def _packages_dir() -> Path:
    given = os.environ.get("ARGOS_PACKAGES_DIR")
    return Path(given) if given else default_packages_dirs()[0]
