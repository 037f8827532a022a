"""Translation models on disk: listing them and installing Argos packages safely.

Two kinds of model are used (see docs/models.md):

* Argos Translate packages (``.argosmodel`` zip archives), installed into a
  packages folder -- by default Argos's own, ``ARGOS_PACKAGES_DIR``.
* Plain CTranslate2 folders (NLLB-200, OPUS-MT) converted by the user and named
  per language in the project's configuration.

:func:`install_archive` is the only code here that writes: it checks an archive
completely -- layout, metadata, and that CTranslate2 can load the model --
before anything appears in the packages folder, and moves it into place with a
rename so a failed install leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from briefings.errors import BriefingsError

if TYPE_CHECKING:
    from argostranslate.package import Package

__all__ = [
    "InstalledModel",
    "argos_packages",
    "default_packages_dirs",
    "install_archive",
    "list_installed",
    "sha256_of",
]

_TEMP_PREFIX = ".briefings-"  # hidden, and skipped by argos_packages()


@dataclass(frozen=True)
class InstalledModel:
    """A translation model found on disk (or just installed).

    ``kind`` is ``"argos"`` or ``"ctranslate2"``; ``version`` is the package
    version for Argos packages and empty for folders, which carry none.
    ``sha256`` is set only by :func:`install_archive` (of the archive installed),
    and ``replaced`` then names the versions of the same language pair it removed.
    """

    kind: str
    from_code: str
    to_code: str
    name: str
    version: str
    path: Path
    sha256: str | None = None
    replaced: tuple[str, ...] = ()


def default_packages_dirs() -> list[Path]:
    """Argos Translate's package folders: ``ARGOS_PACKAGES_DIR`` or its default.

    Argos reads the variable once, when :mod:`argostranslate.settings` is first
    imported, and creates the folder if it is missing.
    """
    from argostranslate import settings

    return [Path(p) for p in settings.package_dirs]


def argos_packages(packages_dir: Path | None = None) -> tuple[list[Package], list[str]]:
    """Read the Argos packages installed in *packages_dir* (default: Argos's folders).

    Unlike :func:`argostranslate.package.get_installed_packages`, one broken
    package does not hide the others: it is skipped and described instead.

    :return: the packages, sorted by folder name, and one line per folder that
        is not a readable package (``"path: problem"``).
    """
    from argostranslate.package import Package

    folders = default_packages_dirs() if packages_dir is None else [packages_dir]
    packages: list[Package] = []
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_dir() or path.name.startswith("."):
                continue
            try:
                packages.append(Package(path))
            except FileNotFoundError:
                problems.append(f"{path}: no metadata.json, not an Argos package")
            except (OSError, ValueError) as err:  # json.JSONDecodeError is a ValueError
                problems.append(f"{path / 'metadata.json'}: unreadable ({err})")
    return packages, problems


def list_installed(
    packages_dir: Path | None, model_folders: dict[str, Path]
) -> list[InstalledModel]:
    """Every translation model available: Argos packages, then CTranslate2 folders.

    :param packages_dir: the Argos packages folder, or ``None`` for Argos's own.
    :param model_folders: CTranslate2 model folders by target language code, as
        configured; folders without a ``model.bin`` are left out.
    """
    found = [
        InstalledModel(
            kind="argos",
            from_code=pkg.from_code,
            to_code=pkg.to_code,
            name=pkg.package_path.name,
            version=pkg.package_version,
            path=pkg.package_path,
        )
        for pkg in argos_packages(packages_dir)[0]
        if pkg.type == "translate"
    ]
    for lang, folder in sorted(model_folders.items()):
        if (folder / "model.bin").is_file():
            found.append(InstalledModel("ctranslate2", "en", lang, folder.name, "", folder))
    return found


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (model archives run to gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def install_archive(archive: Path, packages_dir: Path) -> InstalledModel:
    """Install an Argos Translate ``.argosmodel`` archive into *packages_dir*.

    The archive must be a zip of one folder holding ``metadata.json`` (with
    ``from_code`` and ``to_code``), ``model/model.bin`` and ``sentencepiece.model``
    or ``bpe.model``; no entry may be absolute, contain ``..`` or be a symlink.
    It is unpacked into a hidden folder inside *packages_dir*, CTranslate2 must
    load the model from there, and only then is it renamed into place. Any
    package already installed for the same language pair is replaced.

    Prints nothing; the caller reports the result.

    :return: the installed model, with ``sha256`` of the archive and the
        ``replaced`` versions.
    :raises BriefingsError: naming *archive*, when any check fails; nothing is
        then left in *packages_dir*.
    """
    if not archive.is_file():
        raise BriefingsError(archive, "no such file")
    if not zipfile.is_zipfile(archive):
        raise BriefingsError(
            archive, "not an Argos Translate package: an .argosmodel file is a zip archive"
        )
    try:
        with zipfile.ZipFile(archive) as zf:
            top, metadata, size = _check_layout(archive, zf)
            packages_dir.mkdir(parents=True, exist_ok=True)
            _check_space(archive, packages_dir, size)
            staging = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX + "install-", dir=packages_dir))
            try:
                zf.extractall(staging)
                _check_loads(archive, staging / top)
                replaced = _move_into_place(staging / top, packages_dir, metadata, staging)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as err:
        # The central directory looked fine but an entry is damaged or uses an
        # unsupported compression method.
        raise BriefingsError(archive, f"damaged archive, download it again ({err})") from err
    except OSError as err:
        raise BriefingsError(archive, f"cannot install into {packages_dir}: {err}") from err
    return InstalledModel(
        kind="argos",
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        name=top,
        version=str(metadata.get("package_version", "")),
        path=packages_dir / top,
        sha256=sha256_of(archive),
        replaced=replaced,
    )


def _check_layout(archive: Path, zf: zipfile.ZipFile) -> tuple[str, dict[str, str], int]:
    """Check entry names and the package layout; return top folder, metadata, unpacked size."""
    tops: set[str] = set()
    names: set[str] = set()
    for info in zf.infolist():
        name = info.filename
        parts = PurePosixPath(name).parts
        if (
            "\\" in name
            or name.startswith("/")
            or (len(parts) > 0 and parts[0].endswith(":"))  # a Windows drive, "C:"
            or ".." in parts
        ):
            raise BriefingsError(archive, f"refused: entry {name!r} points outside its folder")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BriefingsError(archive, f"refused: entry {name!r} is a symbolic link")
        if not parts:
            continue
        tops.add(parts[0])
        if len(parts) == 1 and not info.is_dir():
            raise BriefingsError(
                archive, f"expected one folder at the top of the archive, found file {name!r}"
            )
        names.add("/".join(parts))
    if len(tops) != 1:
        found = ", ".join(sorted(tops)) or "nothing"
        raise BriefingsError(
            archive, f"expected exactly one folder at the top of the archive, found {found}"
        )
    top = tops.pop()
    if top.startswith("."):
        raise BriefingsError(archive, f"refused: hidden top folder {top!r}")
    if f"{top}/metadata.json" not in names:
        raise BriefingsError(archive, f"no {top}/metadata.json: not an Argos Translate package")
    metadata = _read_metadata(archive, zf, f"{top}/metadata.json")
    if f"{top}/model/model.bin" not in names:
        raise BriefingsError(archive, f"no {top}/model/model.bin: the package has no model")
    if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & names:
        raise BriefingsError(
            archive,
            f"no {top}/sentencepiece.model or {top}/bpe.model: the package has no tokenizer",
        )
    size = sum(info.file_size for info in zf.infolist())
    return top, metadata, size


def _read_metadata(archive: Path, zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    try:
        metadata = json.loads(zf.read(name).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise BriefingsError(archive, f"{name} is not valid JSON ({err})") from err
    if not isinstance(metadata, dict):
        raise BriefingsError(archive, f"{name} must hold a JSON object")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise BriefingsError(archive, f"{name} has no {key}")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise BriefingsError(archive, f"{name}: a {kind!r} package, not a translation model")
    return metadata


def _check_space(archive: Path, packages_dir: Path, size: int) -> None:
    free = shutil.disk_usage(packages_dir).free
    if size > free:
        raise BriefingsError(
            archive,
            f"needs {size / 1e6:.0f} MB unpacked but {packages_dir} has {free / 1e6:.0f} MB free",
        )


def _check_loads(archive: Path, package: Path) -> None:
    """Load the tokenizer and the model once, so a damaged file is caught now, not mid-build."""
    import ctranslate2
    import sentencepiece

    sp_model = package / "sentencepiece.model"
    if sp_model.is_file():
        try:
            sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        except Exception as err:  # whatever the C++ loader threw
            raise BriefingsError(
                archive, f"{package.name}/sentencepiece.model cannot be loaded ({err})"
            ) from err
    try:
        ctranslate2.Translator(str(package / "model"), device="cpu")
    except Exception as err:
        # A damaged model.bin surfaces as RuntimeError, ValueError, IndexError,
        # UnicodeDecodeError or MemoryError, depending on where the damage is.
        raise BriefingsError(
            archive,
            f"model {package.name}/model cannot be loaded by CTranslate2 "
            f"{ctranslate2.__version__}: the file is damaged or not a CTranslate2 model "
            f"({err})",
        ) from err


def _move_into_place(
    package: Path, packages_dir: Path, metadata: dict[str, str], staging: Path
) -> tuple[str, ...]:
    """Rename *package* into *packages_dir*, moving out packages for the same pair first."""
    pair = (metadata["from_code"], metadata["to_code"])
    old = [
        pkg
        for pkg in argos_packages(packages_dir)[0]
        if (pkg.from_code, pkg.to_code) == pair or pkg.package_path.name == package.name
    ]
    dest = packages_dir / package.name
    if dest.exists() and dest.name not in {pkg.package_path.name for pkg in old}:
        raise BriefingsError(dest, "exists and is not an Argos package; move it away first")
    # Renames within one folder: the old packages sit in the staging folder (deleted
    # by the caller) until the new one is in place, and come back if that fails.
    moved: list[tuple[Path, Path]] = []
    for pkg in old:
        aside = staging / f"old-{len(moved)}"
        os.replace(pkg.package_path, aside)
        moved.append((pkg.package_path, aside))
    try:
        os.replace(package, dest)
    except OSError:
        for original, aside in moved:
            os.replace(aside, original)
        raise
    return tuple(pkg.package_version or pkg.package_path.name for pkg in old)
