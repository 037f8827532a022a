"""The project: the folder holding ``mkdocs.yml``, and the ``briefings`` settings in it.

Settings live under ``plugins: - briefings:`` in mkdocs.yml (or ``extra: briefings:``
for a site that runs briefings through hooks/); :mod:`briefings.settings` names
them and checks them, for the command line here and for the MkDocs plugin alike.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from briefings import settings
from briefings.errors import BriefingsError
from briefings.languages import DEFAULT_LANGUAGES, SOURCE_LANGUAGE

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
    #: The articles' language, published at the top of the site; the others under <lang>/.
    source_language: str = SOURCE_LANGUAGE
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
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
    site_names: dict[str, str] = field(default_factory=dict)  # the site's name per language
    publish: dict[str, str] = field(default_factory=dict)  # per language: drafts or reviewed

    def site_name_in(self, lang: str) -> str:
        """The site's name in ``lang``: its own when set, else ``site_name``."""
        return self.site_names.get(lang, self.site_name)

    def reviewed_only(self, lang: str) -> bool:
        """Whether ``lang``'s pages show only reviewed translations (English until then)."""
        return self.publish.get(lang) == "reviewed"

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

    def settings_key(self) -> str:
        """The settings as text for a cache key, with paths inside the project relative to it.

        The same for the project cloned or moved to another folder (each CI job
        checks out where it likes): what earlier builds kept in
        ``.briefings-cache/`` stays valid there. Paths outside the project (an
        Argos packages folder) are kept as they are.
        """
        def inside(path: Path | None) -> Path | None:
            if path is None or not path.is_absolute() or not path.is_relative_to(self.root):
                return path
            return path.relative_to(self.root)

        engines = {lang: replace(choice, model=inside(choice.model))
                   for lang, choice in sorted(self.engines.items())}
        return repr(replace(self, root=Path("."), packages_dir=inside(self.packages_dir),
                            engines=engines))

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


def settings_section(config: Mapping[str, Any]) -> tuple[str, Any]:
    """Where a loaded mkdocs.yml keeps briefings' settings, and what it holds there.

    ``plugins: - briefings: {...}`` (the plugin) or ``extra: briefings: {...}`` (a site
    that runs briefings through hooks/); never both. The place is named as a
    dotted path for messages ("plugins.briefings"); ("", None) when neither is there.
    """
    found: list[tuple[str, Any]] = []
    plugins = config.get("plugins")
    # MkDocs takes plugins as a list (of names, or one-key mappings of a name to
    # its settings) or as one mapping of names to settings.
    entries: list[Any] = [plugins] if isinstance(plugins, Mapping) else (
        plugins if isinstance(plugins, list) else [])
    for entry in entries:
        if entry == "briefings":
            found.append(("plugins.briefings", None))
        elif isinstance(entry, Mapping) and "briefings" in entry:
            found.append(("plugins.briefings", entry["briefings"]))
    extra = config.get("extra")
    if isinstance(extra, Mapping) and "briefings" in extra:
        found.append(("extra.briefings", extra["briefings"]))
    if len(found) > 1:
        raise ValueError("settings are given both under plugins.briefings and extra.briefings; "
                         "keep one")
    return found[0] if found else ("", None)


def project_from_config(root: Path, config: dict[str, Any]) -> Project:
    """A :class:`Project` from a mkdocs.yml mapping as YAML loaded it, its settings checked."""
    where = root / CONFIG_FILE
    try:
        place, section = settings_section(config)
        checked = settings.validate(section)
    except settings.SettingError as exc:
        name = ".".join(part for part in (place, exc.name) if part)
        raise BriefingsError(where, f"{name}: {exc.problem}") from None
    except ValueError as exc:
        raise BriefingsError(where, str(exc)) from None
    return project_from_settings(
        root, checked, site_name=config.get("site_name"), repo_url=config.get("repo_url")
    )


def project_from_settings(root: Path, checked: Mapping[str, Any], *,
                          site_name: object = None, repo_url: object = None) -> Project:
    """A :class:`Project` from settings already checked (:func:`briefings.settings.validate`)."""
    engines = {
        lang: EngineChoice(
            lang=lang,
            kind=choice["engine"],
            model=(root / os.path.expandvars(os.path.expanduser(choice["model"])))
            if choice["model"] else None,
            source_token=choice["source_token"],
            target_token=choice["target_token"],
        )
        for lang, choice in checked["engines"].items()
    }
    packages_dir = checked["argos_packages_dir"]
    project = Project(
        root=root,
        site_name=str(site_name or "Briefings"),
        repo_url=str(repo_url) if repo_url else None,
        edit_branch=checked["branch"],
        content_dir=Path(checked["content_dir"]),
        translations_dir=Path(checked["translations_dir"]),
        source_language=checked["source_language"],
        languages=tuple(checked["languages"]),
        engines=engines,
        beam_size=checked["beam_size"],
        threads=checked["threads"],
        batch_tokens=checked["batch_tokens"],
        max_decoding_length=checked["max_decoding_length"],
        translate_on_build=checked["translate_on_build"],
        max_article_bytes=checked["max_article_bytes"],
        build_workers=checked["build_workers"],
        page_size=checked["page_size"],
        packages_dir=(root / packages_dir) if packages_dir else None,
        site_names=dict(checked["site_names"]),
        publish=dict(checked["publish"]),
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
