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
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from briefings.errors import BriefingsError, one_line

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

# Bounds on an archive, checked on its central directory before anything is unpacked
# (a real Argos package has a dozen entries, a few hundred MB, compressed about 1.1:1).
MAX_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_RATIO = 100  # unpacked over packed size, for entries (and archives) over MIN_RATIO_BYTES
MIN_RATIO_BYTES = 1024 * 1024
MAX_DEPTH = 8  # folders within folders in an entry's path
MAX_METADATA_BYTES = 64 * 1024
MAX_JSON_DEPTH = 16
# What a package folder keeps; any other entry is not unpacked.
_KEPT_FILES = frozenset({"metadata.json", "README.md", "LICENSE", "LICENSE.txt",
                         "sentencepiece.model", "bpe.model"})
_KEPT_FOLDERS = frozenset({"model", "stanza"})
_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


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
            metadata = path / "metadata.json"
            try:
                if metadata.is_file() and metadata.stat().st_size > MAX_METADATA_BYTES:
                    raise ValueError(f"over {MAX_METADATA_BYTES // 1024} KB")
                packages.append(Package(path))
            except FileNotFoundError:
                problems.append(one_line(f"{path}: no metadata.json, not an Argos package"))
            except (OSError, ValueError, RecursionError) as err:  # JSONDecodeError: ValueError
                problems.append(one_line(f"{metadata}: unreadable ({err})"))
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
            from_code=one_line(pkg.from_code),
            to_code=one_line(pkg.to_code),
            name=one_line(pkg.package_path.name),
            version=one_line(pkg.package_version),
            path=pkg.package_path,
        )
        for pkg in argos_packages(packages_dir)[0]
        if pkg.type == "translate"
    ]
    for lang, folder in sorted(model_folders.items()):
        if (folder / "model.bin").is_file():
            found.append(InstalledModel("ctranslate2", "en", one_line(lang),
                                        one_line(folder.name), "", folder))
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
                # Only what a package needs: anything else in the archive stays there.
                zf.extractall(staging, members=[i for i in zf.infolist() if _kept(i, top)])
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
        version=one_line(str(metadata.get("package_version", ""))[:40]),
        path=packages_dir / top,
        sha256=sha256_of(archive),
        replaced=replaced,
    )


def _check_layout(archive: Path, zf: zipfile.ZipFile) -> tuple[str, dict[str, str], int]:
    """Check entry names and the package layout; return top folder, metadata, unpacked size."""
    tops: set[str] = set()
    names: set[str] = set()
    entries = zf.infolist()
    _check_sizes(archive, entries)
    for info in entries:
        name = info.filename
        parts = PurePosixPath(name).parts
        if one_line(name) != name:
            raise BriefingsError(
                archive, f"refused: entry {one_line(name)!r} has a control character in its name"
            )
        if len(parts) > MAX_DEPTH + 1:
            raise BriefingsError(
                archive, f"refused: entry {name[:80]!r} is nested over {MAX_DEPTH} folders deep"
            )
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
    size = sum(info.file_size for info in zf.infolist() if _kept(info, top))
    return top, metadata, size


def _check_sizes(archive: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive too big once unpacked, or a zip bomb, from its directory alone.

    The sizes an entry declares bound what unpacking it writes: :mod:`zipfile`
    stops at the declared size and then fails on the checksum.
    """
    if len(entries) > MAX_ENTRIES:
        raise BriefingsError(
            archive, f"refused: {len(entries):,} entries, over the limit of {MAX_ENTRIES:,}"
        )
    total = packed = 0
    for info in entries:
        total += info.file_size
        packed += info.compress_size
        if info.file_size > MIN_RATIO_BYTES and info.file_size > MAX_RATIO * max(
            1, info.compress_size
        ):
            raise BriefingsError(
                archive, f"refused: entry {one_line(info.filename)[:80]!r} unpacks to "
                f"{info.file_size / max(1, info.compress_size):,.0f} times its size (a zip bomb?)",
            )
    if total > MAX_UNPACKED_BYTES:
        raise BriefingsError(
            archive, f"refused: {total / 1e9:.1f} GB unpacked, over the limit of "
            f"{MAX_UNPACKED_BYTES / 1e9:.1f} GB",
        )
    if total > MIN_RATIO_BYTES and total > MAX_RATIO * max(1, packed):
        raise BriefingsError(
            archive, f"refused: unpacks to {total / max(1, packed):,.0f} times its size "
            "(a zip bomb?)",
        )


def _kept(info: zipfile.ZipInfo, top: str) -> bool:
    """Whether an entry is part of the package folder as installed."""
    parts = PurePosixPath(info.filename).parts
    if len(parts) < 2 or parts[0] != top:
        return len(parts) == 1  # the top folder itself
    return (parts[1] in _KEPT_FOLDERS) or (len(parts) == 2 and parts[1] in _KEPT_FILES)


def _read_metadata(archive: Path, zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    """``metadata.json``, read with a size cap and checked for nesting before it is parsed."""
    if zf.getinfo(name).file_size > MAX_METADATA_BYTES:
        raise BriefingsError(
            archive, f"{name} is over {MAX_METADATA_BYTES // 1024} KB: not Argos metadata"
        )
    with zf.open(name) as stream:
        raw = stream.read(MAX_METADATA_BYTES + 1)
    if len(raw) > MAX_METADATA_BYTES:
        raise BriefingsError(archive, f"{name} is over {MAX_METADATA_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8")
        if _json_depth(text) > MAX_JSON_DEPTH:
            raise BriefingsError(archive, f"{name} is nested over {MAX_JSON_DEPTH} levels deep")
        metadata = json.loads(text)
    except (UnicodeDecodeError, ValueError) as err:
        raise BriefingsError(archive, f"{name} is not valid JSON ({err})") from err
    if not isinstance(metadata, dict):
        raise BriefingsError(archive, f"{name} must hold a JSON object")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise BriefingsError(archive, f"{name} has no {key}")
        if not _CODE.fullmatch(metadata[key]):
            raise BriefingsError(
                archive, f"{name}: {key} {one_line(metadata[key])[:40]!r} is not a language code"
            )
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise BriefingsError(archive, f"{name}: a {kind!r} package, not a translation model")
    return metadata


def _json_depth(text: str) -> int:
    """How deep arrays and objects nest in JSON ``text``, counted without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


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
