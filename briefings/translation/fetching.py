"""Getting the models a project needs: ``briefings models get``.

Russian and Azerbaijani come from Argos Translate's package index: we read the
index, choose the newest package for each language pair, download it, check the
archive says what the index says (language pair, version, and the checksum when
the index gives one), then install it with :func:`~briefings.translation.models.
install_archive`, which checks everything else. Armenian has no Argos package:
its engine is a CTranslate2 folder converted from Hugging Face, so we print the
exact conversion command for the folder ``mkdocs.yml`` names, and run it when
asked and the converter is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from briefings.errors import BriefingsError
from briefings.net import download, fetch
from briefings.project import EngineChoice
from briefings.translation.models import InstalledModel, install_archive, sha256_of

__all__ = [
    "IndexEntry",
    "choose_package",
    "conversion_commands",
    "default_index_url",
    "fetch_and_install",
    "read_index",
]

#: The index is a few hundred kilobytes; a package a few hundred megabytes.
MAX_INDEX_BYTES = 8 << 20
MAX_PACKAGE_BYTES = 2 << 30
#: Hugging Face names of the models whose conversion we know, per engine layout.
NLLB_MODEL = "facebook/nllb-200-distilled-600M"
OPUS_MODEL = "Helsinki-NLP/opus-mt-en-{lang}"


@dataclass(frozen=True)
class IndexEntry:
    """One package the index offers, with what the index states about it."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    sha256: str | None = None

    @property
    def name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}-{self.version.replace('.', '_')}"


def default_index_url() -> str:
    """Argos's own index, or the one ``ARGOS_PACKAGE_INDEX`` names (as argospm reads it)."""
    base = os.environ.get("ARGOS_PACKAGE_INDEX") or (
        "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
    )
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def read_index(url: str) -> list[IndexEntry]:
    """The translation packages listed at ``url``; entries we cannot use are skipped."""
    try:
        listed = json.loads(fetch(url, max_bytes=MAX_INDEX_BYTES, what="the package index").data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BriefingsError(url, "the package index is not valid JSON") from None
    if not isinstance(listed, list):
        raise BriefingsError(url, "the package index is not a list of packages")
    entries = []
    for item in listed:
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        fields = [item.get(k) for k in ("from_code", "to_code", "package_version")]
        links = item.get("links")
        if not all(isinstance(f, str) and f for f in fields) or not isinstance(links, list):
            continue
        checksum = item.get("sha256") or item.get("checksum")
        entries.append(
            IndexEntry(
                *fields,  # type: ignore[arg-type]  # checked to be non-empty strings above
                links=tuple(x for x in links if isinstance(x, str)),
                sha256=checksum.lower() if isinstance(checksum, str) else None,
            )
        )
    return entries


def choose_package(entries: list[IndexEntry], source: str, target: str) -> IndexEntry | None:
    """The newest package from ``source`` to ``target``, by version number."""
    matching = [e for e in entries if (e.from_code, e.to_code) == (source, target) and e.links]
    return max(matching, key=lambda e: _version_key(e.version), default=None)


def fetch_and_install(entry: IndexEntry, packages_dir: Path) -> InstalledModel:
    """Download ``entry``, check it is what the index says, and install it."""
    with tempfile.TemporaryDirectory(prefix=".briefings-get-") as scratch:
        archive = Path(scratch) / f"{entry.name}.argosmodel"
        problems = []
        for link in entry.links:
            try:
                download(link, archive, max_bytes=MAX_PACKAGE_BYTES)
                break
            except BriefingsError as exc:
                problems.append(str(exc))
        else:
            raise BriefingsError(entry.name, "no link of the index worked: " + "; ".join(problems))
        _check_against_index(entry, archive)
        return install_archive(archive, packages_dir)


def conversion_commands(choice: EngineChoice, root: Path) -> list[list[str]]:
    """The commands that make the CTranslate2 folder ``choice`` names, from Hugging Face.

    NLLB-200 when the engine has language tokens (as the sample mkdocs.yml's
    Armenian engine does), OPUS-MT otherwise.
    """
    if choice.kind != "ctranslate2" or choice.model is None:
        return []
    output = choice.model if choice.model.is_absolute() else root / choice.model
    if choice.target_token:
        model, copied = NLLB_MODEL, ["sentencepiece.bpe.model"]
    else:
        model, copied = OPUS_MODEL.format(lang=choice.lang), ["source.spm", "target.spm"]
    return [
        ["ct2-transformers-converter", "--model", model, "--output_dir", str(output),
         "--quantization", "int8", "--copy_files", *copied],
    ]


def run_conversion(command: list[str]) -> None:
    """Run one conversion command; one line when the converter is missing or fails."""
    if shutil.which(command[0]) is None:
        raise BriefingsError(
            None, f"{command[0]} is not installed: pip install ctranslate2 transformers "
            "sentencepiece, then run the command above"
        )
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BriefingsError(None, f"{command[0]} failed: {last[:300]}")


def _check_against_index(entry: IndexEntry, archive: Path) -> None:
    if entry.sha256 and sha256_of(archive) != entry.sha256:
        raise BriefingsError(entry.name, "the download's sha256 is not the one the index states")
    # install_archive checks the archive whole; here only that it is the package we asked for.
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if n.count("/") == 1 and n.endswith("metadata.json")]
            info = zf.getinfo(names[0]) if len(names) == 1 else None
            if info is None or info.file_size > 1 << 20:
                raise BriefingsError(entry.name, "the download has no readable metadata.json")
            metadata = json.loads(zf.read(info))
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, json.JSONDecodeError,
            RecursionError):
        raise BriefingsError(entry.name, "the download is not a valid .argosmodel") from None
    if not isinstance(metadata, dict):
        raise BriefingsError(entry.name, "the download's metadata.json is not an object")
    stated = (entry.from_code, entry.to_code, entry.version)
    found = tuple(metadata.get(k) for k in ("from_code", "to_code", "package_version"))
    if found != stated:
        raise BriefingsError(
            entry.name, f"the download is {found[0]}→{found[1]} {found[2]}, but the index "
            f"states {stated[0]}→{stated[1]} {stated[2]}; not installed"
        )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else -1 for p in version.split("."))
