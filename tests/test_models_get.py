"""``briefings models get``: a real index and real tiny packages served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import tinymodels

from briefings.translation.models import sha256_of

MKDOCS_YML = """\
site_name: Test
extra:
  briefings:
    languages: [ru, hy]
    engines:
      ru: {engine: argos}
      hy:
        engine: ctranslate2
        model: models/nllb-200-distilled-600M-ct2
        source_token: eng_Latn
        target_token: hye_Armn
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return root


def entry(archive: Path, url: str, **stated: str) -> dict[str, object]:
    return {
        "type": "translate", "from_code": "en", "to_code": "ru", "package_version": "0.0.1",
        "argos_version": "1.9.0", "links": [url + archive.name], **stated,
    }


def get(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(project / "packages")}
    return subprocess.run(
        [sys.executable, "-m", "briefings.cli", "models", "get", *args, "--project", str(project)],
        env=env, capture_output=True, text=True, check=False, timeout=120,
    )


def write_index(folder: Path, *entries: dict[str, object]) -> None:
    (folder / "index.json").write_text(json.dumps(list(entries)), encoding="utf-8")


@pytest.mark.slow
def test_gets_the_newest_package_the_index_lists_and_checks_its_sha256(
    project: Path, tiny_models: Path, tmp_path: Path
) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    old = tinymodels.build_argos_package(shelf, "en", "ru", "0.0.1")
    new = tinymodels.build_argos_package(shelf, "en", "ru", "0.0.2")
    with served(shelf) as url:
        write_index(shelf, entry(old, url), entry(new, url, package_version="0.0.2",
                                                  sha256=sha256_of(new)))
        done = get(project, "ru", "--index", url + "index.json")

    assert done.returncode == 0, done.stderr
    assert "ru: installed translate-en_ru-0_0_2 (en → ru 0.0.2" in done.stdout
    installed = [p.name for p in (project / "packages").iterdir() if not p.name.startswith(".")]
    assert installed == ["translate-en_ru-0_0_2"]
    assert json.loads((project / "packages" / installed[0] / "metadata.json").read_text())[
        "package_version"] == "0.0.2"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stated", "complaint"),
    [
        ({"sha256": "0" * 64}, "the download's sha256 is not the one the index states"),
        # The index lists 0.0.9 but serves the 0.0.1 archive under that link.
        ({"package_version": "0.0.9"}, "but the index states en→ru 0.0.9; not installed"),
    ],
)
def test_a_download_that_is_not_what_the_index_states_is_not_installed(
    project: Path, tmp_path: Path, stated: dict[str, str], complaint: str
) -> None:
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    archive = tinymodels.build_argos_package(shelf, "en", "ru", "0.0.1")
    with served(shelf) as url:
        write_index(shelf, entry(archive, url, **stated))
        done = get(project, "ru", "--index", url + "index.json")

    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert complaint in done.stdout
    assert not [p for p in (project / "packages").glob("*") if not p.name.startswith(".")]


def test_offline_it_fails_with_one_line(project: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = get(project, "ru", "--index", f"http://127.0.0.1:{port}/index.json")

    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach it" in lines[0] and str(port) in lines[0]


def test_an_index_that_is_not_http_is_refused(project: Path) -> None:
    done = get(project, "ru", "--index", "file:///etc/passwd")
    assert done.returncode == 1
    assert "only http:// and https://" in done.stderr


def test_armenian_gets_the_exact_conversion_command_for_the_configured_folder(
    project: Path,
) -> None:
    done = get(project, "hy")

    assert done.returncode == 0, done.stderr
    assert (
        "ct2-transformers-converter --model facebook/nllb-200-distilled-600M --output_dir "
        "models/nllb-200-distilled-600M-ct2 --quantization int8 --copy_files "
        "sentencepiece.bpe.model" in done.stdout
    )


def test_converting_without_the_converter_says_what_to_install(project: Path) -> None:
    env_path = str(Path(sys.executable).parent.parent / "no-such-bin")
    result = subprocess.run(
        [sys.executable, "-m", "briefings.cli", "models", "get", "hy", "--convert",
         "--project", str(project)],
        env={**os.environ, "PATH": env_path}, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "ct2-transformers-converter is not installed" in result.stdout
