"""Installing Argos packages: every bad archive is refused and leaves nothing behind."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import tinymodels

from briefings.errors import BriefingsError
from briefings.translation.models import install_archive, list_installed

TOP = tinymodels.TOP
rewrite = tinymodels.rewrite


def contents(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_install_unpacks_the_package_and_reports_its_sha256(
    tiny_argos_archive: Path, tmp_path: Path
) -> None:
    packages = tmp_path / "packages"
    installed = install_archive(tiny_argos_archive, packages)

    assert installed.sha256 == hashlib.sha256(tiny_argos_archive.read_bytes()).hexdigest()
    assert (installed.kind, installed.from_code, installed.to_code) == ("argos", "en", "ru")
    assert (installed.name, installed.version, installed.replaced) == (TOP, "0.0.1", ())
    assert installed.path == packages / TOP
    assert (packages / TOP / "model" / "model.bin").is_file()
    assert (packages / TOP / "sentencepiece.model").is_file()
    assert contents(packages) == [TOP]  # no staging folder left over


def test_a_newer_version_replaces_the_installed_one(
    tiny_argos_archive: Path, tmp_path: Path
) -> None:
    packages = tmp_path / "packages"
    install_archive(tiny_argos_archive, packages)
    newer = tinymodels.build_argos_package(tmp_path, "en", "ru", "0.0.2")

    installed = install_archive(newer, packages)

    assert installed.replaced == ("0.0.1",)
    assert contents(packages) == ["translate-en_ru-0_0_2"]
    assert json.loads((installed.path / "metadata.json").read_text())["package_version"] == "0.0.2"


def test_reinstalling_the_same_archive_works(tiny_argos_archive: Path, tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    install_archive(tiny_argos_archive, packages)
    again = install_archive(tiny_argos_archive, packages)
    assert again.replaced == ("0.0.1",)
    assert contents(packages) == [TOP]


def _not_a_zip(good: Path, dest: Path) -> Path:
    dest.write_text("<html>404 Not Found</html>")
    return dest


def _escape(good: Path, dest: Path) -> Path:
    return rewrite(good, dest, lambda e: {**e, "../evil": b"owned"})


def _absolute(good: Path, dest: Path) -> Path:
    return rewrite(good, dest, lambda e: {**e, "/tmp/evil": b"owned"})


def _symlink(good: Path, dest: Path) -> Path:
    return tinymodels.with_symlink(good, dest, f"{TOP}/model/link", "/etc/passwd")


def _no_metadata(good: Path, dest: Path) -> Path:
    return tinymodels.without(good, dest, "metadata")


def _bad_metadata(good: Path, dest: Path) -> Path:
    return rewrite(good, dest, lambda e: {**e, f"{TOP}/metadata.json": b'{"from_code": "en"}'})


def _two_folders(good: Path, dest: Path) -> Path:
    return rewrite(good, dest, lambda e: {**e, "other/README.md": b"hi"})


def _no_tokenizer(good: Path, dest: Path) -> Path:
    return tinymodels.without(good, dest, "sentencepiece")


def _corrupt_model(good: Path, dest: Path) -> Path:
    return tinymodels.with_model_bin(good, dest, lambda _: bytes(range(256)) * 64)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_not_a_zip, "zip archive"),
        (_escape, "'../evil' points outside"),
        (_absolute, "'/tmp/evil' points outside"),
        (_symlink, "symbolic link"),
        (_no_metadata, "metadata.json"),
        (_bad_metadata, "has no to_code"),
        (_two_folders, "exactly one folder"),
        (_no_tokenizer, "sentencepiece.model"),
        (_corrupt_model, "cannot be loaded by CTranslate2"),
    ],
)
def test_a_bad_archive_is_refused_and_leaves_nothing(
    make: Callable[[Path, Path], Path], says: str, tiny_argos_archive: Path, tmp_path: Path
) -> None:
    bad = make(tiny_argos_archive, tmp_path / "bad.argosmodel")
    packages = tmp_path / "packages"

    with pytest.raises(BriefingsError) as caught:
        install_archive(bad, packages)

    message = str(caught.value)
    assert message.startswith(f"{bad}: ")
    assert says in message
    assert "\n" not in message
    assert contents(packages) == []
    assert not (tmp_path / "evil").exists()


def test_a_failed_install_keeps_the_installed_version(
    tiny_argos_archive: Path, tmp_path: Path
) -> None:
    packages = tmp_path / "packages"
    install_archive(tiny_argos_archive, packages)
    before = (packages / TOP / "model" / "model.bin").read_bytes()

    with pytest.raises(BriefingsError, match="cannot be loaded"):
        install_archive(_corrupt_model(tiny_argos_archive, tmp_path / "bad.argosmodel"), packages)

    assert contents(packages) == [TOP]
    assert (packages / TOP / "model" / "model.bin").read_bytes() == before


def test_a_missing_archive_is_named(tmp_path: Path) -> None:
    with pytest.raises(BriefingsError, match="no such file") as caught:
        install_archive(tmp_path / "nope.argosmodel", tmp_path / "packages")
    assert str(tmp_path / "nope.argosmodel") in str(caught.value)


def test_list_installed_shows_packages_and_configured_folders(
    tiny_argos_archive: Path, tiny_nllb_folder: Path, tmp_path: Path
) -> None:
    packages = tmp_path / "packages"
    install_archive(tiny_argos_archive, packages)
    (packages / "not-a-package").mkdir()  # ignored, not fatal

    found = list_installed(packages, {"hy": tiny_nllb_folder, "az": tmp_path / "missing-folder"})

    assert [(m.kind, m.from_code, m.to_code, m.name, m.version) for m in found] == [
        ("argos", "en", "ru", TOP, "0.0.1"),
        ("ctranslate2", "en", "hy", tiny_nllb_folder.name, ""),
    ]
    assert found[1].path == tiny_nllb_folder
