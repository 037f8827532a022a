"""Machine-translation engines: English text in, draft text in one language out.

Two kinds, both run by CTranslate2 on the CPU and fully offline:

* ``argos`` -- an installed Argos Translate package for English -> *lang*. Only
  :mod:`argostranslate.package` is used (discovery, metadata, tokenizers);
  :mod:`argostranslate.translate` is never imported, because its sentence
  splitter downloads models at run time.
* ``ctranslate2`` -- a converted model folder: NLLB-200 (one multilingual model,
  language tokens such as ``hye_Armn``) or OPUS-MT (one model per pair, no
  language tokens).

Every engine translates a whole list in one ``translate_batch`` call, sorted by
length so batches pad little. Translators and tokenizers are cached per model
file within the process, so building and translating in one run load a model
once. See docs/models.md for getting models.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from briefings.errors import BriefingsError
from briefings.translation.models import argos_packages, default_packages_dirs

if TYPE_CHECKING:
    import ctranslate2
    import sentencepiece
    from argostranslate.package import Package

    from briefings.project import Project

__all__ = [
    "NLLB_CODES",
    "Engine",
    "EngineConfig",
    "EngineSettings",
    "EngineStatus",
    "EngineUnavailable",
    "describe_engines",
    "engine_config",
    "load_engine",
]

#: NLLB-200 (FLORES-200) codes of languages a site may translate from and into;
#: for another, a site sets ``source_token`` and ``target_token`` itself.
#: ``azj_Latn`` is North Azerbaijani, the language of Azerbaijan.
NLLB_CODES: dict[str, str] = {
    "en": "eng_Latn",
    "hy": "hye_Armn",
    "az": "azj_Latn",
    "ru": "rus_Cyrl",
    "ka": "kat_Geor",
    "tr": "tur_Latn",
}

_DOCS = "docs/models.md"


class Engine(Protocol):
    """Translates English texts into :attr:`lang`."""

    lang: str
    #: Which model made the drafts, recorded in the catalogs,
    #: e.g. ``"argos translate-en_ru 1.9"``.
    provenance: str

    def translate(
        self, texts: list[str], progress: Callable[[int], None] | None = None
    ) -> list[str]:
        """Translate *texts*; one result per text, in order. Empty texts stay empty.

        ``progress``, when given, is called with the number of texts done so far.
        """
        ...


@dataclass(frozen=True)
class EngineSettings:
    """How hard the engines work; the same for every language.

    :param beam_size: 1 is greedy decoding (fastest); larger is slower and
        usually a little better.
    :param threads: batches translated at once, one core each; 0 is one per core.
    :param batch_tokens: the most source tokens translated together in one batch.
    :param max_decoding_length: the most tokens a single translation may have.
    """

    beam_size: int = 2
    threads: int = 0
    batch_tokens: int = 2048
    max_decoding_length: int = 256


@dataclass(frozen=True)
class EngineConfig:
    """Which model translates into one language.

    :param lang: the target language code (``hy``, ``az``, ``ru``).
    :param kind: ``"argos"`` for an installed Argos package, ``"ctranslate2"``
        for a model folder given by *model*.
    :param source_token: prefix for every source sentence (NLLB: ``eng_Latn``);
        for a ``ctranslate2`` folder whose vocabulary has the NLLB codes of
        English and *lang*, these are used when both tokens are left unset.
    :param target_token: forced first target token (NLLB: ``hye_Armn``).
    :param sp_source: SentencePiece model for the source text; default: found
        in the folder (``source.spm``, ``sentencepiece.bpe.model``, ``sentencepiece.model``).
    :param sp_target: SentencePiece model for the output; default: ``target.spm``
        or the source one.
    """

    lang: str
    kind: Literal["argos", "ctranslate2"] = "argos"
    model: Path | None = None
    source_token: str | None = None
    target_token: str | None = None
    #: The articles' language, translated from (the ``source_language`` setting).
    source: str = "en"
    sp_source: Path | None = None
    sp_target: Path | None = None


class EngineUnavailable(BriefingsError):
    """No usable model for a language; the message says how to get one."""

    def __init__(self, lang: str, path: str | Path | None, problem: str) -> None:
        self.lang = lang
        super().__init__(path, problem)


@dataclass(frozen=True)
class EngineStatus:
    """One configured language, for ``briefings models list``.

    Exactly one of ``provenance`` (the model is there) and ``problem`` is set.
    """

    lang: str
    kind: str
    provenance: str | None
    problem: str | None

    @property
    def available(self) -> bool:
        return self.problem is None


def load_engine(
    config: EngineConfig, settings: EngineSettings, packages_dir: Path | None = None
) -> Engine:
    """The engine for ``config.lang``, with its model loaded (or taken from the cache).

    :param packages_dir: where Argos packages are installed; ``None`` means
        Argos's own folder (``ARGOS_PACKAGES_DIR`` or its default).
    :raises EngineUnavailable: when the model is missing or cannot be loaded.
    """
    if config.kind == "argos":
        return ArgosEngine(_find_argos_package(config.lang, packages_dir, config.source),
                           settings)
    if config.kind == "ctranslate2":
        return CTranslate2FolderEngine(_find_folder(config), settings)
    raise EngineUnavailable(
        config.lang, None, f"unknown engine kind {config.kind!r}: use 'argos' or 'ctranslate2'"
    )


def describe_engines(
    configs: Iterable[EngineConfig], packages_dir: Path | None = None
) -> list[EngineStatus]:
    """Which configured languages have a model, without loading any model."""
    statuses = []
    for config in configs:
        try:
            if config.kind == "argos":
                provenance = _argos_provenance(
                    _find_argos_package(config.lang, packages_dir, config.source))
            else:
                provenance = _find_folder(config).provenance
        except EngineUnavailable as err:
            statuses.append(EngineStatus(config.lang, config.kind, None, str(err)))
        else:
            statuses.append(EngineStatus(config.lang, config.kind, provenance, None))
    return statuses


# -- the shared translation loop ---------------------------------------------------------


class _CT2Engine:
    """Tokenise, translate everything in one batch call, detokenise."""

    lang: str
    provenance: str

    def __init__(self, translator: ctranslate2.Translator, settings: EngineSettings) -> None:
        self._translator = translator
        self._settings = settings

    def tokenize(self, text: str) -> list[str]:
        """The source tokens the model is given for *text*."""
        raise NotImplementedError

    def _decode(self, tokens: list[str]) -> str:
        raise NotImplementedError

    def _target_prefix(self) -> list[str]:
        return []

    def translate(
        self, texts: list[str], progress: Callable[[int], None] | None = None
    ) -> list[str]:
        """Translate *texts* into :attr:`lang`; blank texts come back as they were.

        :param progress: called with the number of texts done so far, after each
            group of batches, so a caller can show a progress bar.
        """
        results = list(texts)
        todo = [(i, self.tokenize(text)) for i, text in enumerate(texts) if text.strip()]
        todo = [(i, tokens) for i, tokens in todo if tokens]
        if not todo:
            return results
        # CTranslate2 sorts within max_batch_size anyway; sorting the whole list
        # first also keeps similar lengths together across batch boundaries.
        todo.sort(key=lambda item: len(item[1]))
        if not self._translator.model_is_loaded:
            # Let go of by release_models since it was loaded: the one place that reloads.
            self._translator.load_model()
        done = len(texts) - len(todo)
        for group in _groups(todo, self._settings.batch_tokens * 8):
            for (i, _), text in zip(group, self._translate_group(group), strict=True):
                results[i] = text
            done += len(group)
            if progress:
                progress(done)
        return results

    def _translate_group(self, group: list[tuple[int, list[str]]]) -> list[str]:
        prefix = self._target_prefix()
        s = self._settings
        try:
            translated = self._translator.translate_batch(
                [tokens for _, tokens in group],
                target_prefix=[prefix] * len(group) if prefix else None,
                max_batch_size=s.batch_tokens,
                batch_type="tokens",
                beam_size=s.beam_size,
                max_decoding_length=s.max_decoding_length,
                # A target <unk> becomes the source token it attends to most: names
                # and codes the target vocabulary lacks are copied, not lost.
                replace_unknowns=True,
            )
            texts = []
            for result in translated:
                tokens = list(result.hypotheses[0])
                if prefix and tokens[: len(prefix)] == prefix:
                    tokens = tokens[len(prefix) :]
                texts.append(self._decode(tokens).strip())
        except Exception as err:
            # A model that loads but does not fit its vocabulary (a damaged or
            # mismatched file) fails only here, with whatever the runtime threw.
            raise EngineUnavailable(
                self.lang,
                None,
                f"the model of {self.provenance} failed while translating ({err}); "
                f"reinstall or reconvert it (see {_DOCS})",
            ) from err
        return texts


def _groups(
    todo: list[tuple[int, list[str]]], tokens_per_group: int
) -> Iterator[list[tuple[int, list[str]]]]:
    """Consecutive runs of ``todo`` of about ``tokens_per_group`` source tokens each.

    Each run is still split into token-based batches by CTranslate2; runs only
    exist so that progress can be reported between them.
    """
    group: list[tuple[int, list[str]]] = []
    size = 0
    for item in todo:
        if group and size + len(item[1]) > tokens_per_group:
            yield group
            group, size = [], 0
        group.append(item)
        size += len(item[1])
    if group:
        yield group


# -- Argos packages ----------------------------------------------------------------------


class ArgosEngine(_CT2Engine):
    """An installed Argos Translate package, run without :mod:`argostranslate.translate`."""

    def __init__(self, package: Package, settings: EngineSettings) -> None:
        self.lang = package.to_code
        self.provenance = _argos_provenance(package)
        model = package.package_path / "model"
        super().__init__(_translator(model, settings.threads, self.lang), settings)
        prefix = getattr(package, "target_prefix", "")  # metadata field since Argos 1.10
        self._prefix = [prefix] if prefix else []
        sp_model = package.package_path / "sentencepiece.model"
        if sp_model.is_file():
            # Our own processor rather than package.tokenizer: Argos's decode turns
            # every "_" into a space, which would break identifiers in the text.
            self._sp: sentencepiece.SentencePieceProcessor | None = _processor(sp_model, self.lang)
        else:
            self._sp = None
            self._tokenizer = package.tokenizer  # BPE with Moses (sacremoses)

    def tokenize(self, text: str) -> list[str]:
        if self._sp is not None:
            return self._sp.encode(text, out_type=str)
        return list(self._tokenizer.encode(text))

    def _decode(self, tokens: list[str]) -> str:
        if self._sp is not None:
            return self._sp.decode_pieces(tokens)
        return str(self._tokenizer.decode(tokens))

    def _target_prefix(self) -> list[str]:
        return self._prefix


def _argos_provenance(package: Package) -> str:
    return f"argos translate-{package.from_code}_{package.to_code} {package.package_version}"


def _find_argos_package(lang: str, packages_dir: Path | None, source: str = "en") -> Package:
    """The newest installed *source* -> *lang* translation package."""
    from packaging.version import InvalidVersion, Version

    packages, problems = argos_packages(packages_dir)
    candidates = [
        pkg
        for pkg in packages
        if pkg.type == "translate" and pkg.from_code == source and pkg.to_code == lang
    ]
    where = packages_dir if packages_dir is not None else default_packages_dirs()[0]
    if not candidates:
        problem = (
            f"no Argos Translate package for {_language_name(source)} → {_language_name(lang)} "
            f"({lang}) here. Install one with `briefings models get {lang}` (needs internet) "
            f"or, from a downloaded file, `briefings models install "
            f"translate-{source}_{lang}-VERSION"
            f".argosmodel`; or configure a CTranslate2 model folder (NLLB-200, OPUS-MT). "
            f"See {_DOCS}."
        )
        if problems:
            problem += " Unreadable packages: " + "; ".join(problems)
        raise EngineUnavailable(lang, where, problem)

    def version(pkg: Package) -> tuple[int, Version | str]:
        try:
            return (1, Version(pkg.package_version))
        except InvalidVersion:
            return (0, pkg.package_version)

    package = max(candidates, key=version)
    if not (package.package_path / "model" / "model.bin").is_file():
        raise EngineUnavailable(
            lang,
            package.package_path,
            f"package has no model/model.bin; reinstall it (see {_DOCS})",
        )
    if not hasattr(package, "tokenizer"):
        raise EngineUnavailable(
            lang,
            package.package_path,
            f"package has no sentencepiece.model or bpe.model; reinstall it (see {_DOCS})",
        )
    return package


# -- CTranslate2 folders (NLLB-200, OPUS-MT) ---------------------------------------------


@dataclass(frozen=True)
class _Folder:
    """A checked CTranslate2 folder and how to feed it."""

    lang: str
    model: Path
    sp_source: Path
    sp_target: Path
    source_token: str | None
    target_token: str | None
    end_token: str | None  # appended to the source when the model needs it and won't add it
    provenance: str


class CTranslate2FolderEngine(_CT2Engine):
    """A converted CTranslate2 model folder with its SentencePiece model(s).

    With language tokens (NLLB-200) the source is ``[source_token, *pieces,
    "</s>"]`` and the target is forced to start with ``target_token``, which is
    taken off the output again; without them (OPUS-MT) only the pieces are given.
    """

    def __init__(self, folder: _Folder, settings: EngineSettings) -> None:
        self.lang = folder.lang
        self.provenance = folder.provenance
        self._folder = folder
        super().__init__(_translator(folder.model, settings.threads, folder.lang), settings)
        self._sp_source = _processor(folder.sp_source, folder.lang)
        self._sp_target = _processor(folder.sp_target, folder.lang)
        # Tokens of the model's vocabulary the tokenizer does not know: language
        # codes, <pad>, fairseq's "madeupword"s. The model may emit one mid-text;
        # none of them belongs in a draft.
        sp = self._sp_target
        self._specials = {
            token
            for token in _vocabulary(folder.model, "target")
            if sp.piece_to_id(token) == sp.unk_id() and token != sp.id_to_piece(sp.unk_id())
        }

    def tokenize(self, text: str) -> list[str]:
        pieces: list[str] = self._sp_source.encode(text, out_type=str)
        if not pieces:
            return []
        if self._folder.source_token:
            pieces.insert(0, self._folder.source_token)
        if self._folder.end_token:
            pieces.append(self._folder.end_token)
        return pieces

    def _decode(self, tokens: list[str]) -> str:
        return self._sp_target.decode_pieces([t for t in tokens if t not in self._specials])

    def _target_prefix(self) -> list[str]:
        return [self._folder.target_token] if self._folder.target_token else []


def _ct2_help(lang: str) -> str:
    # The exact command depends on the folder mkdocs.yml names; `models get` prints it.
    return (
        f"Run `briefings models get {lang}` for the exact conversion command into the folder "
        f"mkdocs.yml names (NLLB-200, target token {NLLB_CODES.get(lang, 'xxx_Xxxx')}, or "
        f"OPUS-MT); see {_DOCS}."
    )


def _find_folder(config: EngineConfig) -> _Folder:
    """Check a CTranslate2 folder and work out its tokenizers and language tokens."""
    lang = config.lang
    if config.model is None:
        raise EngineUnavailable(
            lang, None, f"no model folder configured for {lang}. {_ct2_help(lang)}"
        )
    model = config.model
    if not (model / "model.bin").is_file():
        what = "no such folder" if not model.is_dir() else "no model.bin: not a CTranslate2 model"
        raise EngineUnavailable(lang, model, f"{what}. {_ct2_help(lang)}")

    def pick(given: Path | None, names: Sequence[str], role: str) -> Path:
        if given is not None:
            if not given.is_file():
                raise EngineUnavailable(lang, given, f"{role} SentencePiece model not found")
            return given
        for name in names:
            if (model / name).is_file():
                return model / name
        raise EngineUnavailable(
            lang,
            model,
            f"no SentencePiece model for the {role} text: expected one of "
            f"{', '.join(names)} in the folder (or set it in the configuration). "
            f"{_ct2_help(lang)}",
        )

    common = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model")
    sp_source = pick(config.sp_source, ("source.spm", *common), "source")
    target_names = ("target.spm", *common)
    if config.sp_target is None and not any((model / n).is_file() for n in target_names):
        sp_target = sp_source  # one configured model for both sides
    else:
        sp_target = pick(config.sp_target, target_names, "target")

    try:
        ct2_config = _ct2_config(model)
        source_vocab = set(_vocabulary(model, "source"))
        target_vocab = set(_vocabulary(model, "target"))
    except BriefingsError as err:
        raise EngineUnavailable(lang, err.path, f"{err.problem}; reconvert the model") from err
    source_token, target_token = config.source_token, config.target_token
    if source_token is None and target_token is None:
        nllb_source, nllb_target = NLLB_CODES.get(config.source), NLLB_CODES.get(lang)
        if nllb_source in source_vocab and nllb_target in target_vocab:
            source_token, target_token = nllb_source, nllb_target
    for token, vocab, side in (
        (source_token, source_vocab, "source"),
        (target_token, target_vocab, "target"),
    ):
        if token is not None and token not in vocab:
            raise EngineUnavailable(
                lang, model, f"{side} token {token!r} is not in the model's {side} vocabulary"
            )
    # NLLB: [src_lang, pieces..., </s>]. OPUS-MT folders set add_source_eos themselves.
    eos = str(ct2_config.get("eos_token") or "</s>")
    end_token = eos if source_token and not ct2_config.get("add_source_eos") else None
    return _Folder(
        lang=lang,
        model=model,
        sp_source=sp_source,
        sp_target=sp_target,
        source_token=source_token,
        target_token=target_token,
        end_token=end_token,
        # The model's name, not where this checkout keeps it: a path would differ
        # in every clone, and every untouched draft would be made again there.
        provenance=f"ctranslate2 {model.resolve().name}",
    )


def _ct2_config(model: Path) -> dict[str, Any]:
    path = model / "config.json"
    if not path.is_file():
        return {}
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BriefingsError(path, f"unreadable CTranslate2 configuration ({err})") from err
    return config if isinstance(config, dict) else {}


def _vocabulary(model: Path, side: Literal["source", "target"]) -> list[str]:
    """The model's vocabulary for one side, from the files CTranslate2 writes."""
    for stem in ("shared_vocabulary", f"{side}_vocabulary"):
        json_path, text_path = model / f"{stem}.json", model / f"{stem}.txt"
        if json_path.is_file():
            try:
                tokens = json.loads(json_path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as err:  # UnicodeDecodeError is a ValueError
                raise BriefingsError(json_path, f"not a readable JSON list ({err})") from err
            if not isinstance(tokens, list):
                raise BriefingsError(json_path, "not a JSON list of tokens")
            return [str(t) for t in tokens]
        if text_path.is_file():
            try:
                return text_path.read_text(encoding="utf-8").splitlines()
            except (OSError, ValueError) as err:
                raise BriefingsError(text_path, f"unreadable vocabulary ({err})") from err
    return []


# -- loading, once per process -----------------------------------------------------------

_TRANSLATORS: dict[tuple[str, int, int, int], ctranslate2.Translator] = {}
#: How long :func:`release_models` asks a busy translator again to let go of its model.
UNLOAD_WAIT_S = 1.0
_PROCESSORS: dict[tuple[str, int, int], sentencepiece.SentencePieceProcessor] = {}


def _file_key(path: Path) -> tuple[str, int, int]:
    # The file's identity, not only its name: a model reinstalled in place is
    # loaded again rather than served stale from the cache.
    st = path.stat()
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


def _translator(model: Path, threads: int, lang: str) -> ctranslate2.Translator:
    import ctranslate2

    key = (*_file_key(model / "model.bin"), threads)
    if key not in _TRANSLATORS:
        try:
            # Batches side by side, each on one core: for the sentence-sized
            # matrices of a decoding step, splitting one batch over several
            # cores costs more in waiting than it gains (measured in
            # docs/performance.md: 47 against 26 units/s on two cores).
            _TRANSLATORS[key] = ctranslate2.Translator(
                str(model), device="cpu", inter_threads=threads or os.cpu_count() or 1,
                intra_threads=1,
            )
        except Exception as err:
            # A damaged model.bin surfaces as whatever the C++ loader threw:
            # RuntimeError, ValueError, IndexError, UnicodeDecodeError, MemoryError...
            raise EngineUnavailable(
                lang,
                model,
                f"CTranslate2 {ctranslate2.__version__} cannot load this model ({err}); "
                f"reinstall or reconvert it (see {_DOCS})",
            ) from err
    return _TRANSLATORS[key]


def release_models() -> None:
    """Let go of the weights of every model loaded so far; each loads again when next used.

    A site build drafts first and then spends most of its time making pages, some
    in forked processes: held, the weights (hundreds of MB for NLLB-200) would
    stay in memory all that time for nothing. ``mkdocs serve`` keeps them, so
    that a rebuild that drafts does not load them again.

    CTranslate2 keeps a model, without a word, while a batch is still counted
    as running or another thread holds it, and a translation that has just
    returned can still be counted for a moment (a test saw the weights stay):
    each translator is asked again for up to :data:`UNLOAD_WAIT_S`.
    """
    for translator in _TRANSLATORS.values():
        deadline = time.monotonic() + UNLOAD_WAIT_S
        while translator.model_is_loaded:
            translator.unload_model()
            if not translator.model_is_loaded or time.monotonic() > deadline:
                break
            time.sleep(0.005)


def _processor(path: Path, lang: str) -> sentencepiece.SentencePieceProcessor:
    import sentencepiece

    key = _file_key(path)
    if key not in _PROCESSORS:
        try:
            _PROCESSORS[key] = sentencepiece.SentencePieceProcessor(model_file=str(path))
        except Exception as err:  # as for model.bin: whatever the C++ loader threw
            raise EngineUnavailable(
                lang, path, f"not a SentencePiece model ({err}); reinstall or reconvert it"
            ) from err
    return _PROCESSORS[key]


def _language_name(lang: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(lang).english_name)
    except (UnknownLocaleError, ValueError):
        return lang


def engine_config(project: Project, lang: str) -> EngineConfig:
    """The engine settings of ``lang`` in the project's configuration."""
    choice = project.engine_for(lang)
    return EngineConfig(
        lang=lang,
        kind="ctranslate2" if choice.kind == "ctranslate2" else "argos",
        model=choice.model,
        source_token=choice.source_token,
        target_token=choice.target_token,
        source=project.source_language,
    )
