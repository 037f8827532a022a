"""The settings a site gives briefings: their names, defaults, types and ranges, in one table.

A site sets them under ``plugins: - briefings:`` in mkdocs.yml (or, for a site
that runs briefings through ``hooks/``, under ``extra: briefings:``). The table
is read by both doors: the MkDocs plugin's configuration
(:class:`briefings.mkdocs.config.BriefingsConfig`, one MkDocs config option per
setting) and the command line (:func:`briefings.project.load_project`), so a
typo such as ``page_sise`` or an out-of-range ``beam_size`` is the same error,
naming the setting, whichever reads the file first. Nothing here imports MkDocs.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from briefings.languages import DEFAULT_LANGUAGES, LANGUAGE_CODE, SOURCE_LANGUAGE, unknown_language

_LANGUAGE_CODE = LANGUAGE_CODE
ENGINE_KINDS = ("argos", "ctranslate2")


class SettingError(ValueError):
    """A setting with a wrong value; ``name`` is its dotted path below the section."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


@dataclass(frozen=True)
class Setting:
    """One setting: its name, its default and the function that checks a value of it.

    ``check`` takes the value as YAML gave it and returns it cleaned, or raises
    :class:`ValueError` saying what the value must be.
    """

    name: str
    default: Any
    check: Callable[[Any], Any]
    help: str


def whole(minimum: int, maximum: int) -> Callable[[Any], int]:
    """A check for a whole number from ``minimum`` to ``maximum``."""

    def check(value: Any) -> int:
        # bool is an int to Python, but "page_size: yes" is a mistake.
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number from {minimum} to {maximum}, "
                             f"not {value!r}")
        if not minimum <= value <= maximum:
            raise ValueError(f"must be from {minimum} to {maximum}, not {value}")
        return value

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty text, not {value!r}")
    return value


def folder(value: Any) -> str:
    """A folder relative to the project (the one holding mkdocs.yml)."""
    value = text(value)
    if "\x00" in value:
        raise ValueError("must be a folder name")
    return value


def optional_folder(value: Any) -> str | None:
    return None if value is None else folder(value)


def languages(value: Any) -> list[str]:
    """The languages a site is translated into: codes Babel knows, each once, not the source's.

    ``languages: ru`` (a string, not a list) is refused rather than read as the
    letters r and u.
    """
    if not isinstance(value, list) or not value:
        raise ValueError(f"must be a list of language codes such as [hy, az, ru], not {value!r}")
    seen: list[str] = []
    for code in value:
        if not isinstance(code, str):
            raise ValueError(f"{code!r} is not a language code (such as hy, az, ru or pt-BR)")
        problem = unknown_language(code)
        if problem:
            raise ValueError(problem)
        if code in seen:
            raise ValueError(f"{code} is listed twice")
        seen.append(code)
    return seen


def language(value: Any) -> str:
    """One language code Babel knows (the articles' language)."""
    if not isinstance(value, str):
        raise ValueError(f"must be a language code such as en, not {value!r}")
    problem = unknown_language(value)
    if problem:
        raise ValueError(problem)
    return value


@dataclass(frozen=True)
class EngineSetting:
    """What one language's engine choice may hold (see docs/models.md)."""

    name: str
    check: Callable[[Any], Any]
    default: Any = None


ENGINE_SETTINGS: tuple[EngineSetting, ...] = (
    EngineSetting("engine", lambda v: _choice(v, ENGINE_KINDS), "argos"),
    EngineSetting("model", optional_folder),
    EngineSetting("source_token", lambda v: None if v is None else text(v)),
    EngineSetting("target_token", lambda v: None if v is None else text(v)),
)


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")
    return str(value)


def engines(value: Any) -> dict[str, dict[str, Any]]:
    """Per language, which engine drafts it: ``{ru: {engine: argos}, hy: {engine: ...}}``."""
    if not isinstance(value, Mapping):
        raise ValueError(f"must be a mapping of language codes to engines, not {value!r}")
    checked: dict[str, dict[str, Any]] = {}
    for lang, choice in value.items():
        if not isinstance(lang, str) or not _LANGUAGE_CODE.fullmatch(lang):
            raise ValueError(f"{lang!r} is not a language code")
        checked[lang] = _checked_mapping(
            choice, {s.name: s for s in ENGINE_SETTINGS}, prefix=f"{lang}."
        )
        if checked[lang]["engine"] == "ctranslate2" and not checked[lang]["model"]:
            raise SettingError(f"{lang}.model", "a ctranslate2 engine needs a model folder")
    return checked


def site_names(value: Any) -> dict[str, str]:
    """The site's name per language, e.g. ``{ru: Справки, hy: Տեղեկանքներ}``."""
    if not isinstance(value, Mapping):
        raise ValueError(f"must be a mapping of language codes to names, not {value!r}")
    checked = {}
    for lang, name in value.items():
        if not isinstance(lang, str) or not _LANGUAGE_CODE.fullmatch(lang):
            raise ValueError(f"{lang!r} is not a language code")
        try:
            checked[lang] = text(name)
        except ValueError as exc:
            raise SettingError(lang, str(exc)) from None
    return checked


#: What a language's pages show before a person has reviewed their translation.
PUBLISH_CHOICES = ("drafts", "reviewed")


def publish(value: Any) -> dict[str, str]:
    """Per language: ``drafts`` (drafts shown, marked) or ``reviewed`` (English until then)."""
    if not isinstance(value, Mapping):
        raise ValueError(f"must be a mapping of language codes to drafts or reviewed, "
                         f"not {value!r}")
    checked = {}
    for lang, choice in value.items():
        if not isinstance(lang, str) or not _LANGUAGE_CODE.fullmatch(lang):
            raise ValueError(f"{lang!r} is not a language code")
        try:
            checked[lang] = _choice(choice, PUBLISH_CHOICES)
        except ValueError as exc:
            raise SettingError(lang, str(exc)) from None
    return checked


SETTINGS: tuple[Setting, ...] = (
    Setting("content_dir", "content", folder, "the folder of article sources"),
    Setting("translations_dir", "translations", folder, "the folder of catalogs, one per language"),
    Setting("source_language", SOURCE_LANGUAGE, language,
            "the language the articles are written in, published at the top of the site"),
    Setting("languages", list(DEFAULT_LANGUAGES), languages, "the languages to translate into"),
    Setting("branch", "main", text, "the branch translators' links point at (with repo_url)"),
    Setting("translate_on_build", True, boolean,
            "draft pending units during mkdocs build when a model is installed"),
    Setting("beam_size", 2, whole(1, 16), "beams of the translation search"),
    Setting("threads", 0, whole(0, 256),
            "batches translated at once, a core each; 0: one per core"),
    Setting("batch_tokens", 2048, whole(1, 1_000_000), "tokens per translation batch"),
    Setting("max_decoding_length", 256, whole(1, 4096),
            "tokens per translated unit, a guard against runaway output"),
    Setting("max_article_bytes", 1_000_000, whole(1, 100_000_000),
            "the largest article source read"),
    Setting("build_workers", 0, whole(0, 256),
            "processes building the languages' sites at once; 0: one per core"),
    Setting("page_size", 50, whole(0, 100_000),
            "briefings per page of the home and tag listings; 0: all on one page"),
    Setting("argos_packages_dir", None, optional_folder,
            "Argos packages; default: ARGOS_PACKAGES_DIR or Argos' own folder"),
    Setting("engines", {}, engines, "per language, the engine that drafts it"),
    Setting("site_names", {}, site_names,
            "per language, the site's name (default: site_name from mkdocs.yml)"),
    Setting("publish", {}, publish,
            "per language, drafts (machine drafts shown, marked; the default) or reviewed "
            "(English until a person has reviewed a passage)"),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def unknown_setting(name: object, known: Mapping[str, object] = BY_NAME) -> str:
    """The message for a setting nobody defined, with the likeliest intended one."""
    close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else f"; known: {', '.join(known)}"
    return f"unknown setting{hint}"


def check_setting(name: str, value: Any) -> Any:
    """``value`` checked as setting ``name``; :class:`SettingError` naming it when wrong."""
    try:
        return BY_NAME[name].check(value)
    except SettingError as exc:  # a part of a nested setting: engines.hy.model
        raise SettingError(f"{name}.{exc.name}", exc.problem) from None
    except ValueError as exc:
        raise SettingError(name, str(exc)) from None


def _checked_mapping(value: Any, schema: Mapping[str, Setting | EngineSetting],
                     prefix: str = "") -> dict[str, Any]:
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise SettingError(prefix.rstrip("."), f"must be a mapping of settings, not {value!r}")
    for name in value:
        if name not in schema:
            raise SettingError(f"{prefix}{name}", unknown_setting(name, schema))
    checked: dict[str, Any] = {}
    for name, setting in schema.items():
        if name not in value:
            checked[name] = copy.deepcopy(setting.default)
            continue
        try:
            checked[name] = setting.check(value[name])
        except SettingError as exc:
            raise SettingError(f"{prefix}{name}.{exc.name}", exc.problem) from None
        except ValueError as exc:
            raise SettingError(f"{prefix}{name}", str(exc)) from None
    return checked


def check_together(checked: Mapping[str, Any]) -> None:
    """Settings that are each right but wrong together: the articles' language translated into.

    :raise SettingError: naming ``languages``
    """
    source = checked["source_language"]
    if source in checked["languages"]:
        raise SettingError("languages", f"{source} is the articles' language (source_language), "
                                        "not one to translate into; remove it")


def validate(section: Any) -> dict[str, Any]:
    """Every setting, checked, with defaults for those not given.

    Raises :class:`SettingError` for the first unknown or wrong setting.
    """
    checked = _checked_mapping(section, BY_NAME)
    check_together(checked)
    return checked


def defaults() -> dict[str, Any]:
    """Every setting at its default."""
    return validate({})
