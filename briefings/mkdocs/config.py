"""The briefings plugin's configuration, validated by MkDocs as Material's ``BlogConfig`` is.

Each option checks its value with the setting of the same name in
:mod:`briefings.settings`, the one table the command line reads too, so the
plugin and ``briefings translate`` agree on what a setting may hold. Unlike
MkDocs' default, an unknown setting is an error, not a warning: ``page_sise``
would otherwise leave ``page_size`` at its default without a word.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar

from mkdocs.config.base import (
    BaseConfigOption,
    Config,
    ConfigErrors,
    ConfigWarnings,
    ValidationError,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from briefings import settings
from briefings.project import Project, project_from_settings

T = TypeVar("T")


class SettingInvalid(ValidationError):
    """A setting refused; ``inner`` names the part of a nested one ("hy.model" of engines)."""

    def __init__(self, inner: str, problem: str) -> None:
        super().__init__(f"{inner}: {problem}" if inner else problem)
        self.inner = inner
        self.problem = problem


class Checked(Generic[T], BaseConfigOption[T]):
    """A config option checked by the setting ``name`` of :mod:`briefings.settings`."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setting = settings.BY_NAME[name]
        self.default = self.setting.default

    def run_validation(self, value: object) -> T:
        try:
            return settings.check_setting(self.setting.name, value)  # type: ignore[no-any-return]
        except settings.SettingError as exc:
            # MkDocs names the option ("option 'engines'"); a nested part is named here.
            inner = exc.name.removeprefix(self.setting.name).lstrip(".")
            raise SettingInvalid(inner, exc.problem) from None


class BriefingsConfig(Config):
    """``plugins: - briefings:`` in mkdocs.yml (``extra: briefings:`` on the hooks route)."""

    content_dir = Checked[str]("content_dir")
    translations_dir = Checked[str]("translations_dir")
    source_language = Checked[str]("source_language")
    languages = Checked[list[str]]("languages")
    branch = Checked[str]("branch")
    translate_on_build = Checked[bool]("translate_on_build")
    beam_size = Checked[int]("beam_size")
    threads = Checked[int]("threads")
    batch_tokens = Checked[int]("batch_tokens")
    max_decoding_length = Checked[int]("max_decoding_length")
    max_article_bytes = Checked[int]("max_article_bytes")
    build_workers = Checked[int]("build_workers")
    page_size = Checked[int]("page_size")
    argos_packages_dir = Checked["str | None"]("argos_packages_dir")
    engines = Checked[dict[str, dict[str, Any]]]("engines")
    site_names = Checked[dict[str, str]]("site_names")
    publish = Checked[dict[str, str]]("publish")

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        failed, warnings = super().validate()
        unknown = sorted(str(key) for key in set(self.keys()) - self._schema_keys)
        failed = [*failed, *((key, ValidationError(settings.unknown_setting(key)))
                             for key in unknown)]
        warnings = [(key, message) for key, message in warnings if key not in unknown]
        if not failed:
            try:
                settings.check_together(self)
            except settings.SettingError as exc:
                failed = [(exc.name, ValidationError(exc.problem))]
        return failed, warnings


# The class above lists every setting of the table, and nothing else.
assert {key for key, _ in BriefingsConfig._schema} == set(settings.BY_NAME), "settings drifted"


def checked(section: object, config_file: str, place: str) -> BriefingsConfig:
    """``section`` validated as :class:`BriefingsConfig`; :class:`PluginError` naming the setting.

    ``place`` is where the section is in mkdocs.yml, for the message
    ("extra.briefings").
    """
    config = BriefingsConfig(config_file_path=config_file)
    if section is not None and not isinstance(section, dict):
        raise PluginError(f"briefings: {config_file}: {place} must be a mapping of settings")
    config.load_dict(dict(section or {}))
    failed, _ = config.validate()
    if failed:
        key, error = failed[0]
        if isinstance(error, SettingInvalid) and error.inner:
            key, error = f"{key}.{error.inner}", error.problem  # as the command line says it
        raise PluginError(f"briefings: {config_file}: {place}.{key}: {error}")
    return config


def theme_lacks(config: MkDocsConfig, languages: tuple[str, ...]) -> list[str]:
    """Those of ``languages`` the theme has no interface text for.

    Material reads ``partials/languages/<lang>.html`` for each language's site
    and stops the build without one (a ``TemplateNotFound`` naming no setting).
    A site can add one in its ``theme.custom_dir``, so every theme folder counts.
    """
    dirs = [Path(folder) for folder in config.theme.dirs]
    return [lang for lang in languages
            if not any((folder / "partials" / "languages" / f"{lang}.html").is_file()
                       for folder in dirs)]


def project_of(config: MkDocsConfig) -> Project:
    """The project of a MkDocs build: the plugin's settings, or ``extra.briefings``, checked.

    Besides the settings' own checks, each of the ``languages`` must be one the
    theme has a language for (:func:`theme_lacks`).
    """
    plugin = config.plugins.get("briefings")
    in_extra = "briefings" in config.extra
    if plugin is not None and in_extra:
        raise PluginError(f"briefings: {config.config_file_path}: settings are given both under "
                          "plugins.briefings and extra.briefings; keep one")
    if plugin is not None:
        section: BriefingsConfig = plugin.config  # type: ignore[attr-defined]
    else:
        section = checked(config.extra.get("briefings"), config.config_file_path,
                          "extra.briefings")
    project = project_from_settings(
        Path(config.config_file_path).resolve().parent, dict(section),
        site_name=config.site_name, repo_url=config.repo_url,
    )
    place = "plugins.briefings" if plugin is not None else "extra.briefings"
    theme_language = config.theme["language"]
    if theme_language != project.source_language:
        # The top of the site is the articles' language's: Material's interface
        # and its search settings there come from theme.language.
        raise PluginError(
            f"briefings: {config.config_file_path}: theme.language is {theme_language} but "
            f"{place}.source_language is {project.source_language}; set theme.language: "
            f"{project.source_language}")
    lacking = theme_lacks(config, (project.source_language, *project.languages))
    if lacking:
        lang = lacking[0]
        name = "source_language" if lang == project.source_language else "languages"
        change = "change it" if name == "source_language" else f"remove {lang} from languages"
        raise PluginError(
            f"briefings: {config.config_file_path}: {place}.{name}: the {config.theme.name} "
            f"theme has no language {lang} (no partials/languages/{lang}.html); {change}, "
            f"or add that template to theme.custom_dir")
    return project
