"""The project: the folder holding ``mkdocs.yml``, and the ``briefings`` settings in it.

Settings live under ``extra: briefings:`` in mkdocs.yml, so that MkDocs accepts the
file in strict mode and other site builders can read the same file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefings.errors import BriefingsError
from briefings.glossary import TARGET_LANGUAGES

CONFIG_FILE = "mkdocs.yml"
NO_TRANSLATE_ENV = "BRIEFINGS_NO_TRANSLATE"


class _LenientLoader(yaml.SafeLoader):
    """Safe loading that skips the ``!!python/name:`` tags MkDocs configs often hold.

    We only need our own plain section; the tags are left for MkDocs to resolve and
    nothing is ever constructed from them here.
    """


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_LenientLoader.add_multi_constructor("!", _ignore_tag)


@dataclass(frozen=True)
class EngineChoice:
    """Which engine drafts one language (see docs/models.md)."""

    lang: str
    kind: str = "argos"  # "argos" or "ctranslate2"
    model: Path | None = None  # a CTranslate2 model folder, for kind "ctranslate2"
    source_token: str | None = None  # e.g. "eng_Latn" for NLLB-200
    target_token: str | None = None  # e.g. "hye_Armn"


@dataclass(frozen=True)
class Project:
    """Paths and settings of one briefings project."""

    root: Path
    site_name: str = "Briefings"
    repo_url: str | None = None
    edit_branch: str = "main"
    content_dir: Path = Path("content")
    translations_dir: Path = Path("translations")
    languages: tuple[str, ...] = TARGET_LANGUAGES
    engines: dict[str, EngineChoice] = field(default_factory=dict)
    beam_size: int = 2
    threads: int = 0
    batch_tokens: int = 2048
    max_decoding_length: int = 256  # tokens per translated unit, a guard against runaway output
    translate_on_build: bool = True
    max_article_bytes: int = 1_000_000
    build_workers: int = 0  # processes building languages' sites at once; 0: one per core
    page_size: int = 50  # briefings per page of the home and tag pages; 0: all on one
    packages_dir: Path | None = None  # Argos packages; default: ARGOS_PACKAGES_DIR or Argos' own

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def translations_path(self) -> Path:
        return self.root / self.translations_dir

    @property
    def glossary_path(self) -> Path:
        return self.root / "glossary.yaml"

    def catalog_path(self, lang: str, slug: str) -> Path:
        return self.translations_path / lang / f"{slug}.po"

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes, for messages."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def engine_for(self, lang: str) -> EngineChoice:
        return self.engines.get(lang) or EngineChoice(lang)

    @property
    def drafts_on_build(self) -> bool:
        """Whether ``mkdocs build`` drafts pending units (off with BRIEFINGS_NO_TRANSLATE=1)."""
        off = os.environ.get(NO_TRANSLATE_ENV, "").strip().lower() in ("1", "true", "yes")
        return self.translate_on_build and not off


def find_project(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml: ``start`` itself or one of its parents."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise BriefingsError(
        here, f"no {CONFIG_FILE} here or above; run inside a project or pass --project DIR"
    )


def load_project(root: Path | None = None) -> Project:
    """Read the project at ``root`` (or the one around the current folder).

    A ``root`` given (``--project DIR``) must itself hold mkdocs.yml: a typo
    must not quietly run on whatever project encloses the current folder.
    """
    if root is None:
        root = find_project(None)
    else:
        root = root.resolve()
        if not root.is_dir():
            raise BriefingsError(root, "no such project folder; check --project DIR")
        if not (root / CONFIG_FILE).is_file():
            raise BriefingsError(root, f"holds no {CONFIG_FILE}: not a project folder")
    path = root / CONFIG_FILE
    try:
        config = yaml.load(path.read_text("utf-8"), Loader=_LenientLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or exc
        raise BriefingsError(path, f"invalid YAML: {problem}", line=line) from None
    except OSError as exc:
        raise BriefingsError(path, f"cannot read: {exc.strerror}") from None
    return project_from_config(root, config)


def project_from_config(root: Path, config: dict[str, Any]) -> Project:
    """A :class:`Project` from an already-loaded mkdocs.yml mapping."""
    where = root / CONFIG_FILE
    section = ((config.get("extra") or {}).get("briefings")) or {}
    if not isinstance(section, dict):
        raise BriefingsError(where, "'extra: briefings:' must be a mapping of settings")
    languages = tuple(section.get("languages") or TARGET_LANGUAGES)
    engines = {}
    for lang, choice in (section.get("engines") or {}).items():
        if not isinstance(choice, dict):
            raise BriefingsError(where, f"extra.briefings.engines.{lang} must be a mapping")
        kind = choice.get("engine", "argos")
        if kind not in ("argos", "ctranslate2"):
            raise BriefingsError(
                where, f"extra.briefings.engines.{lang}.engine must be 'argos' or 'ctranslate2'"
            )
        model = choice.get("model")
        engines[lang] = EngineChoice(
            lang=lang,
            kind=kind,
            model=(root / os.path.expandvars(os.path.expanduser(model))) if model else None,
            source_token=choice.get("source_token"),
            target_token=choice.get("target_token"),
        )
    packages_dir = section.get("argos_packages_dir")

    def number(key: str, default: int) -> int:
        value = section.get(key, default)
        if not isinstance(value, int) or value < 0:
            raise BriefingsError(where, f"extra.briefings.{key} must be a whole number >= 0")
        return value

    project = Project(
        root=root,
        site_name=str(config.get("site_name") or "Briefings"),
        repo_url=config.get("repo_url"),
        edit_branch=str(section.get("branch", "main")),
        content_dir=Path(section.get("content_dir", "content")),
        translations_dir=Path(section.get("translations_dir", "translations")),
        languages=languages,
        engines=engines,
        beam_size=number("beam_size", 2) or 1,
        threads=number("threads", 0),
        batch_tokens=number("batch_tokens", 2048) or 2048,
        max_decoding_length=number("max_decoding_length", 256) or 256,
        translate_on_build=bool(section.get("translate_on_build", True)),
        max_article_bytes=number("max_article_bytes", 1_000_000),
        build_workers=number("build_workers", 0),
        page_size=number("page_size", 50),
        packages_dir=(root / packages_dir) if packages_dir else None,
    )
    check_inside(project)
    return project


def check_inside(project: Project) -> None:
    """Refuse a content or translations folder, or a glossary, that a link leads out of the project.

    Those folders are in the repository, where a pull request can put a
    symbolic link: ``content -> /home/runner`` would publish that folder, and
    ``translations/ru -> ~/.ssh`` would have catalogs written there. A path
    that mkdocs.yml itself sets outside the project is the owner's choice and
    is left alone; a link that stays inside the project is fine.

    :raise BriefingsError: naming the path, the first one that leaves
    """
    top = Path(os.path.realpath(project.root))
    paths = [project.content_path, project.translations_path, project.glossary_path]
    paths += [project.translations_path / lang for lang in project.languages]
    for path in paths:
        lexical = Path(os.path.normpath(os.path.join(top, os.path.relpath(path, project.root))))
        if not lexical.is_relative_to(top) or not (path.exists() or path.is_symlink()):
            continue
        if not Path(os.path.realpath(path)).is_relative_to(top):
            raise BriefingsError(
                os.path.relpath(path, project.root),
                "is a symbolic link that leads out of the project; refusing to read or "
                "write through it. Replace it with a real folder or file",
            )
