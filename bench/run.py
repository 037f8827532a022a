"""The benchmark: build time, rebuild cost and translation speed, measured on this machine.

    .venv/bin/python bench/run.py --quick --out bench-quick.json   # a few minutes
    .venv/bin/python bench/run.py --out bench.json                 # N = 100 and N = 1000

For each corpus size N it makes a temporary project holding N synthetic articles
(bench/corpus.py), builds its own models offline at the size of a real Argos
package (Transformer base, 6+6 layers, d_model 512, 8 heads, FFN 2048, 8,000
SentencePiece pieces, int8; random weights, so output is gibberish), and measures:

plain_mkdocs_s        plain ``mkdocs build`` of the same pages, pre-rendered by our
                      pipeline and written as Markdown, all languages in one build,
                      hooks off, briefings kept out of the navigation
shell_cpu_per_page_ms the floor: CPU per page of MkDocs and Material alone on those
                      pages, each page's source handed over as its content (no
                      Markdown, no link rewriting) and the search plugin off;
                      full_cpu_per_page_ms and plain_cpu_per_page_ms likewise
full_build_s          ``mkdocs build`` with our hooks from a fresh checkout: no
                      site/, no run cache; the translation memory (the catalogs) warm,
                      so nothing is left to translate
noop_rebuild_s        the same build again, nothing changed (run cache warm);
noop_mt_segments      and what it sent to the models (must be 0);
noop_pages_made       how many generated pages' HTML it made at all (the rest are
                      recalled from the page cache unmade; edit_pages_made likewise)
edit_rebuild_s        after one sentence of one paragraph of one article is edited;
edit_mt_segments      what that build sent to the models, all languages, and
edit_paragraph_units  the units of the edited paragraph, per language (the target)
peak_rss_mb           the largest peak memory of those builds: the build process and
                      the processes it forks, each page counted once (sum of PSS,
                      sampled every 0.1 s, or less often so that the sampler never takes
                      more than 5 % of a core); peak_rss_sum_mb sums their RSS instead
mt_batched_seg_per_s  our engine translating every unit of the corpus into Russian
mt_argos_seg_per_s    argostranslate.translate.translate, one call per unit (a sample),
                      with Argos' default threads; mt_argos_one_thread_seg_per_s with
                      ARGOS_INTRA_THREADS=1, which is faster on two cores
mt_ct2_raw_seg_per_s  ctranslate2.Translator.translate_batch on the same units,
                      tokenised beforehand: the ceiling

With ``--large N`` it also builds N articles once more (N = 10,000 for the issue's
figure) with no model installed and no translation memory, so nothing is drafted and
the translated pages show the English: a fresh build and a no-op rebuild, their time,
CPU, peak memory and stage times, under "large". Plain MkDocs is not built at that size
(it alone would take most of an hour here). ``--large-only`` skips everything else.

Every translation path uses the same model file, beam size, maximum decoding
length and threads, printed with the results. The random weights never end a
sentence, so every unit decodes to exactly that length.

The translation memory is filled before the builds by the tests' tiny models
(same decoding length, so drafts of the same length), because drafting a
thousand articles into three languages with base-size models takes hours on two
cores; the timed builds then run with the base-size models installed.

Without --quick it runs N = 100 and N = 1000 and reports seconds per article of
both builds (the cost should grow linearly), the results of N = 1000 at the top
level, and a plot of build time against N (PNG, with matplotlib when installed:
``pip install -e .[bench]``). Needs: the project's .venv (scripts/bootstrap.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT / "tests"), str(BENCH)]

import corpus  # noqa: E402
import events  # noqa: E402
import tinymodels  # noqa: E402

from briefings.collection import collect  # noqa: E402
from briefings.project import load_project  # noqa: E402
from briefings.site.build import Site  # noqa: E402
from briefings.site.urls import SOURCE_LANGUAGE, language_root  # noqa: E402
from briefings.translation.engines import EngineConfig, EngineSettings, load_engine  # noqa: E402
from briefings.translation.models import install_archive  # noqa: E402
from briefings.translation.units import catalog_units, msgid_for  # noqa: E402

LANGUAGES = ["hy", "az", "ru"]
PYTHON = sys.executable


@dataclass(frozen=True)
class Settings:
    """What every translation path is run with."""

    beam_size: int = 2
    max_decoding_length: int = 40  # about a translated sentence; every output has this length
    batch_tokens: int = 2048
    threads: int = 0  # CTranslate2's default: every core
    argos_sample: int = 200  # units timed through Argos (it is slow; the rate is per unit)


# -- models --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Models:
    """Argos packages (ru, az) and an NLLB-style folder (hy), installed and ready."""

    packages: Path  # an Argos packages folder
    hy: Path  # a CTranslate2 model folder with NLLB language tokens


def build_models(folder: Path, size: tinymodels.ModelSize, sentences: list[str]) -> Models:
    archives = folder / "archives"
    packages = folder / "packages"
    for lang in ("ru", "az"):
        archive = tinymodels.build_argos_package(
            archives, "en", lang, "1.0", size=size, sentences=sentences
        )
        install_archive(archive, packages)
    hy = tinymodels.build_ct2_folder(folder, name="hy", size=size, sentences=sentences)
    return Models(packages, hy)


# -- projects ------------------------------------------------------------------------------------


def make_project(folder: Path, articles: int, settings: Settings) -> Path:
    """A project like this repository's, with ``articles`` synthetic articles and no catalogs."""
    folder.mkdir(parents=True)
    for name in ("hooks", "docs"):
        shutil.copytree(ROOT / name, folder / name)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = config.replace("model: models/nllb-200-distilled-600M-ct2", "model: models/hy")
    for key in ("beam_size", "threads", "batch_tokens"):
        value = getattr(settings, key)
        config = _set_setting(config, key, value)
    config = config.replace(
        "    max_article_bytes:",
        f"    max_decoding_length: {settings.max_decoding_length}\n    max_article_bytes:",
    )
    (folder / "mkdocs.yml").write_text(config, "utf-8")
    corpus.write_corpus(folder / "content", articles)
    return folder


def _set_setting(config: str, key: str, value: object) -> str:
    lines = config.split("\n")
    for index, line in enumerate(lines):
        if line.strip().startswith(f"{key}:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[index] = f"{indent}{key}: {value}"
    return "\n".join(lines)


def use_models(project: Path, models: Models) -> dict[str, str]:
    """Point the project at ``models``; the environment its commands need."""
    link = project / "models" / "hy"
    link.parent.mkdir(exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(models.hy, target_is_directory=True)
    env = dict(os.environ)
    env.update(ARGOS_PACKAGES_DIR=str(models.packages), NO_MKDOCS_2_WARNING="1")
    env.pop("BRIEFINGS_NO_TRANSLATE", None)
    env.pop("BRIEFINGS_NO_CACHE", None)
    return env


def translate_all(project: Path, env: dict[str, str]) -> float:
    """``briefings translate``: fill the translation memory; its wall time."""
    start = time.perf_counter()
    subprocess.run(
        [str(Path(PYTHON).with_name("briefings")), "translate", "--no-progress",
         "--project", str(project)],
        env=env, check=True, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def build(project: Path, env: dict[str, str]) -> dict[str, Any]:
    """One ``mkdocs build`` in a child process: wall seconds, peak memory, our statistics.

    Memory is sampled over the build and every process it started, every 0.1 s
    or less often, so that sampling never takes more than :data:`SAMPLER_SHARE`
    of a core (``sampler_cpu_s`` says how much it took):
    ``tree_peak_rss_mb`` sums their proportional set sizes (a page shared by
    forked processes counted once in all, which is what the machine holds),
    ``tree_peak_rss_sum_mb`` their resident set sizes (shared pages counted in
    every process that maps them, so it errs high).
    """
    start = time.perf_counter()
    cpu_before = _children_cpu_s()
    child = subprocess.Popen(
        [PYTHON, str(BENCH / "build_once.py"), str(project)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    peak = [0.0, 0.0, 0.0]  # PSS, RSS, the sampler's own CPU seconds
    sampler = threading.Thread(target=_sample_tree, args=(child, peak), daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    sampler.join()
    if child.returncode:
        raise RuntimeError(f"mkdocs build of {project} failed:\n{stderr}")
    result = json.loads(stdout)
    result["wall_s"] = time.perf_counter() - start
    # User and system CPU of the build and every worker it waited for.
    result["cpu_s"] = _children_cpu_s() - cpu_before
    result["tree_peak_rss_mb"] = peak[0]
    result["tree_peak_rss_sum_mb"] = peak[1]
    result["sampler_cpu_s"] = peak[2]
    return result


def _children_cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: Most of one core the memory sampler may take: reading a process's PSS
#: (``smaps_rollup``) walks its page tables, about 40 ms of CPU for 800 MB here,
#: so sampling every 0.1 s took a whole core at N = 1,000, which a build that
#: uses both cores lost and plain MkDocs (one process) did not.
SAMPLER_SHARE = 0.05


def _sample_tree(child: subprocess.Popen[str], peak: list[float]) -> None:
    while child.poll() is None:
        started = time.process_time()
        pss, rss = _tree_memory_mb(child.pid)
        peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
        cost = time.process_time() - started
        peak[2] += cost
        time.sleep(max(0.1, cost * (1 - SAMPLER_SHARE) / SAMPLER_SHARE))


def _tree_memory_mb(root: int) -> tuple[float, float]:
    """Memory of process ``root`` and its descendants, in MB: (sum of PSS, sum of RSS)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    pss = rss = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024, rss / 1024


def plain_project(project: Path, folder: Path) -> Path:
    """The same pages, rendered by our pipeline, as a plain MkDocs project without hooks."""
    loaded = load_project(project)
    collection = collect(loaded)
    site = Site(loaded, collection)
    docs = folder / "docs"
    shutil.copytree(project / "docs", docs, ignore=shutil.ignore_patterns("decisions"))
    for lang in site.languages:
        plan = site.plan(lang)
        root = docs / language_root(lang).strip("/") if lang != SOURCE_LANGUAGE else docs
        for page in plan.pages:
            path = root / page.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.markdown, "utf-8")
        for extra in plan.files:
            (root / extra.src_uri).write_bytes(extra.content)
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("hooks:\n  - hooks/briefings_hooks.py\n", "")
    # The templates and stylesheet the briefings plugin would have wired in.
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    config += "extra_css: [assets/briefings.css]\n"
    config += "\nnav: [index.md, tags/index.md, status.md, models.md, translating.md, ci.md]\n"
    config += "not_in_nav: |\n  /briefings/\n  /tags/\n  /page/\n  /hy/\n  /az/\n  /ru/\n"
    (folder / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "briefings" / "mkdocs" / "overrides", folder / "overrides")
    return folder


#: The hook of :func:`shell_project`: each page's Markdown becomes its content as it is.
SHELL_HOOK = '''"""The benchmark's floor of MkDocs with Material: pages handed over as they are."""

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


def _handed_over(self, config, files):
    self.content = self.markdown
    self.toc = get_toc([])
    self._title_from_render = None
    self.present_anchor_ids = set()


Page.render = _handed_over
'''


def shell_project(plain: Path, folder: Path) -> Path:
    """:func:`plain_project`'s pages with no Markdown, no link rewriting and no search.

    What MkDocs and Material cost per page whoever makes its HTML: reading the
    files, the navigation, the theme's templates and writing, the floor under
    any build of these pages through MkDocs and Material (our pages are HTML
    already, so the pages stay much as they are).
    """
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(plain / "docs", folder / "docs")
    shutil.copytree(plain / "overrides", folder / "overrides")
    (folder / "shell_hook.py").write_text(SHELL_HOOK, "utf-8")
    config = (plain / "mkdocs.yml").read_text("utf-8")
    (folder / "mkdocs.yml").write_text(config + "plugins: []\nhooks: [shell_hook.py]\n",
                                       "utf-8")
    return folder


def edit_one_paragraph(project: Path) -> tuple[str, int]:
    """Change one sentence of the third paragraph of the first article; that paragraph's units.

    The units counted are those whose English comes from the paragraph: its
    sentences, and the statements and timeline entries found in it.
    """
    path = sorted((project / "content").glob("synthetic-*.md"))[0]
    text = path.read_text("utf-8")
    paragraphs = text.split("\n\n")
    body_start = next(i for i, p in enumerate(paragraphs) if not p.startswith(("---", "title")))
    index = body_start + 2
    paragraphs[index] = paragraphs[index].replace(" in ", " near ", 1)
    path.write_text("\n\n".join(paragraphs), "utf-8")
    loaded = load_project(project)
    briefing = next(b for b in collect(loaded).briefings if b.article.path.name == path.name)
    edited = briefing.article.paragraphs.index(
        next(p for p in briefing.article.paragraphs if p.startswith(" ".join(
            paragraphs[index].split()[:6])))
    )
    sources = {
        msgid_for(s.text) for s in briefing.statements if s.paragraph == edited
    } | {msgid_for(e.text) for e in briefing.timeline if e.paragraph == edited}
    units = [
        u for u in catalog_units(briefing)
        if msgid_for(u.msgid) in sources
        or any(w.startswith(f"paragraph {edited + 1},") for w in u.where)
    ]
    return path.name, len(units)


# -- translation speed ---------------------------------------------------------------------------


def corpus_units(project: Path) -> list[str]:
    collection = collect(load_project(project))
    return sorted({u.msgid for b in collection.briefings for u in catalog_units(b)})


def mt_batched(units: list[str], models: Models, settings: Settings) -> float:
    engine_settings = EngineSettings(
        beam_size=settings.beam_size, threads=settings.threads,
        batch_tokens=settings.batch_tokens, max_decoding_length=settings.max_decoding_length,
    )
    engine = load_engine(EngineConfig("ru"), engine_settings, models.packages)
    engine.translate(units[:8])  # loads the model; not timed
    start = time.perf_counter()
    engine.translate(units)
    return len(units) / (time.perf_counter() - start)


def mt_raw(units: list[str], models: Models, settings: Settings) -> float:
    import ctranslate2
    import sentencepiece

    package = next(p for p in models.packages.iterdir() if "en_ru" in p.name)
    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package / "sentencepiece.model")
    )
    tokens = [processor.encode(u, out_type=str) for u in units]
    # Configured as our engine configures it (a batch per core), so that the
    # difference is only what our engine does around translate_batch.
    translator = ctranslate2.Translator(
        str(package / "model"), device="cpu",
        inter_threads=settings.threads or os.cpu_count() or 1, intra_threads=1,
    )
    options = {
        "beam_size": settings.beam_size,
        "max_decoding_length": settings.max_decoding_length,
        "max_batch_size": settings.batch_tokens,
        "batch_type": "tokens",
    }
    translator.translate_batch(tokens[:8], **options)  # not timed
    start = time.perf_counter()
    translator.translate_batch(tokens, **options)
    return len(units) / (time.perf_counter() - start)


def mt_argos(
    units: list[str], models: Models, settings: Settings, work: Path, intra_threads: int | None
) -> float:
    """Argos' own path; ``intra_threads`` None keeps Argos' default (ARGOS_INTRA_THREADS=0)."""
    import spacy

    # A copy of the packages with a blank spaCy pipeline in each: Argos' offline
    # sentence splitter (see bench/argos_baseline.py).
    packages = work / "argos-packages"
    if not packages.exists():
        shutil.copytree(models.packages, packages, symlinks=True)
        for package in packages.iterdir():
            if (package / "metadata.json").exists():
                spacy.blank("en").to_disk(package / "spacy")
    step = max(1, len(units) // settings.argos_sample)
    sample = units[::step][: settings.argos_sample]
    (work / "argos-units.json").write_text(json.dumps(sample), "utf-8")
    cache = work / "argos-cache"
    (cache / "argos-translate" / "spacy" / "senter" / "model").mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        ARGOS_PACKAGES_DIR=str(packages),
        ARGOS_CHUNK_TYPE="SPACY",
        ARGOS_BEAM_SIZE=str(settings.beam_size),
        ARGOS_INTRA_THREADS=str(intra_threads if intra_threads is not None else 0),
        ARGOS_INTER_THREADS="1",
        ARGOS_COMPUTE_TYPE="default",
        ARGOS_DEVICE_TYPE="cpu",
        XDG_CACHE_HOME=str(cache),
        XDG_DATA_HOME=str(work / "argos-data"),
        XDG_CONFIG_HOME=str(work / "argos-config"),
    )
    done = subprocess.run(
        [PYTHON, str(BENCH / "argos_baseline.py"), str(work / "argos-units.json"),
         str(settings.max_decoding_length)],
        env=env, check=True, capture_output=True, text=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["units"] / result["seconds"]


# -- one size ------------------------------------------------------------------------------------


def measure_builds(
    work: Path, articles: int, tiny: Models, base: Models, settings: Settings, say: Any
) -> dict[str, Any]:
    project = make_project(work / f"project-{articles}", articles, settings)
    say(f"N={articles}: filling the translation memory (tiny models)")
    warm_s = translate_all(project, use_models(project, tiny))
    env = use_models(project, base)
    say(f"N={articles}: plain MkDocs build")
    plain_folder = plain_project(project, work / f"plain-{articles}")
    plain = build(plain_folder, env)
    say(f"N={articles}: MkDocs and Material alone (no Markdown, no search)")
    shell = build(shell_project(plain_folder, work / f"shell-{articles}"), env)
    say(f"N={articles}: full build")
    shutil.rmtree(project / "site", ignore_errors=True)
    shutil.rmtree(project / ".briefings-cache", ignore_errors=True)
    full = build(project, env)
    say(f"N={articles}: no-op rebuild")
    noop = build(project, env)
    edited, paragraph_units = edit_one_paragraph(project)
    say(f"N={articles}: rebuild after editing a paragraph of {edited}")
    edit = build(project, env)
    pages = sum(done + kept for done, kept in full["stats"]["pages"].values())
    return {
        "articles": articles,
        "languages": ["en", *LANGUAGES],
        "generated_pages": pages,
        "full_cpu_per_page_ms": round(1000 * full["cpu_s"] / pages, 2),
        "plain_cpu_per_page_ms": round(1000 * plain["cpu_s"] / pages, 2),
        # The floor MkDocs and Material set for any build of these pages.
        "shell_cpu_per_page_ms": round(1000 * shell["cpu_s"] / pages, 2),
        "shell_over_plain": round(shell["wall_s"] / plain["wall_s"], 3),
        "noop_over_plain": round(noop["wall_s"] / plain["wall_s"], 3),
        "edit_over_plain": round(edit["wall_s"] / plain["wall_s"], 3),
        "edit_pages_rendered": sum(done for done, _ in edit["stats"]["pages"].values()),
        "noop_pages_rendered": sum(done for done, _ in noop["stats"]["pages"].values()),
        # Pages whose HTML was made at all (the rest were recalled unmade).
        "noop_pages_made": sum(noop["stats"].get("made", {}).values()),
        "edit_pages_made": sum(edit["stats"].get("made", {}).values()),
        "plain_mkdocs_s": round(plain["wall_s"], 3),
        "full_build_s": round(full["wall_s"], 3),
        "noop_rebuild_s": round(noop["wall_s"], 3),
        "noop_mt_segments": sum(noop["stats"]["segments"].values()),
        "edit_rebuild_s": round(edit["wall_s"], 3),
        "edit_mt_segments": sum(edit["stats"]["segments"].values()),
        "edit_mt_segments_per_language": edit["stats"]["segments"],
        "edit_paragraph_units": paragraph_units,
        "peak_rss_mb": round(max(r["tree_peak_rss_mb"] for r in (full, noop, edit)), 1),
        "peak_rss_sum_mb": round(max(r["tree_peak_rss_sum_mb"] for r in (full, noop, edit)), 1),
        "plain_peak_rss_mb": round(plain["tree_peak_rss_mb"], 1),
        # Which build the peak is: a rebuild holds other things than a fresh build.
        "full_peak_pss_mb": round(full["tree_peak_rss_mb"], 1),
        "noop_peak_pss_mb": round(noop["tree_peak_rss_mb"], 1),
        "edit_peak_pss_mb": round(edit["tree_peak_rss_mb"], 1),
        "full_build_per_article_ms": round(1000 * full["wall_s"] / articles, 2),
        "plain_per_article_ms": round(1000 * plain["wall_s"] / articles, 2),
        "full_over_plain": round(full["wall_s"] / plain["wall_s"], 3),
        "translation_memory_fill_s": round(warm_s, 1),
        "full_build_stages_s": {k: round(v, 3) for k, v in full["stats"]["seconds"].items()},
        # What measuring the fresh build's memory cost in CPU (it competes for the cores).
        "full_sampler_cpu_s": round(full["sampler_cpu_s"], 2),
        "noop_build_stages_s": {k: round(v, 3) for k, v in noop["stats"]["seconds"].items()},
        "edit_build_stages_s": {k: round(v, 3) for k, v in edit["stats"]["seconds"].items()},
        "project": str(project),
    }


def measure_large(work: Path, articles: int, settings: Settings, say: Any,
                  partial: Path | None = None) -> dict[str, Any]:
    """A fresh build and a no-op rebuild of ``articles`` articles with nothing to draft.

    No model is installed and the translation memory is empty: filling it for
    10,000 articles would take most of an hour here, and drafting is measured
    by the other figures. Every catalog is still read, merged and written, and
    every page made, in all four languages. The fresh build's figures are
    written to ``partial`` as soon as it ends: at this size the no-op rebuild
    takes minutes more, and a session can end before it does.
    """
    project = make_project(work / f"large-{articles}", articles, settings)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["ARGOS_PACKAGES_DIR"] = str(work / "no-packages")  # an empty folder: no Argos model
    (work / "no-packages").mkdir(exist_ok=True)
    env.pop("BRIEFINGS_NO_TRANSLATE", None)
    env.pop("BRIEFINGS_NO_CACHE", None)
    say(f"N={articles}: fresh build, nothing to draft")
    fresh = build(project, env)
    pages = sum(done + kept for done, kept in fresh["stats"]["pages"].values())
    figures = {
        "articles": articles,
        "generated_pages": pages,
        "drafted": False,
        "fresh_build_s": round(fresh["wall_s"], 1),
        "fresh_cpu_s": round(fresh["cpu_s"], 1),
        "fresh_cpu_per_page_ms": round(1000 * fresh["cpu_s"] / pages, 2),
        "fresh_per_article_ms": round(1000 * fresh["wall_s"] / articles, 2),
        "fresh_peak_pss_mb": round(fresh["tree_peak_rss_mb"], 1),
        "fresh_sampler_cpu_s": round(fresh["sampler_cpu_s"], 2),
        "fresh_build_stages_s": {k: round(v, 3) for k, v in fresh["stats"]["seconds"].items()},
    }
    if partial is not None:
        partial.write_text(json.dumps({"large": figures}, indent=2) + "\n", "utf-8")
        say(f"N={articles}: fresh build's figures written to {partial}")
    say(f"N={articles}: no-op rebuild")
    noop = build(project, env)
    figures.update(
        noop_rebuild_s=round(noop["wall_s"], 1),
        noop_pages_made=sum(noop["stats"].get("made", {}).values()),
        noop_peak_pss_mb=round(noop["tree_peak_rss_mb"], 1),
        noop_build_stages_s={k: round(v, 3) for k, v in noop["stats"]["seconds"].items()},
    )
    return figures


def measure_translation(
    project: Path, base: Models, settings: Settings, work: Path, say: Any
) -> dict[str, Any]:
    units = corpus_units(project)
    say(f"translation speed: {len(units)} units, beam {settings.beam_size}, "
        f"max decoding length {settings.max_decoding_length}")
    say("  our engine, batched")
    batched = mt_batched(units, base, settings)
    say("  CTranslate2 translate_batch, pre-tokenised")
    raw = mt_raw(units, base, settings)
    say(f"  Argos Translate, one call per unit ({settings.argos_sample} units), as installed")
    argos = mt_argos(units, base, settings, work, None)
    say("  Argos Translate again, with ARGOS_INTRA_THREADS=1 (its fastest here)")
    argos_one = mt_argos(units, base, settings, work, 1)
    return {
        "mt_units": len(units),
        "mt_batched_seg_per_s": round(batched, 2),
        "mt_argos_seg_per_s": round(argos, 2),
        "mt_argos_one_thread_seg_per_s": round(argos_one, 2),
        "mt_ct2_raw_seg_per_s": round(raw, 2),
        "mt_batched_over_argos": round(batched / argos, 2),
        "mt_batched_over_argos_one_thread": round(batched / argos_one, 2),
        "mt_batched_over_raw": round(batched / raw, 3),
        "mt_argos_units": min(settings.argos_sample, len(units)),
    }


# -- output --------------------------------------------------------------------------------------


def table(result: dict[str, Any]) -> str:
    rows = [
        ("articles", result["articles"], ""),
        ("plain_mkdocs_s", result["plain_mkdocs_s"], ""),
        ("full_build_s", result["full_build_s"],
         f"{result['full_over_plain']:.2f}x plain (target <= 0.5)"),
        ("full_cpu_per_page_ms", result["full_cpu_per_page_ms"],
         f"target <= 5; plain MkDocs {result['plain_cpu_per_page_ms']}, "
         f"MkDocs and Material alone {result['shell_cpu_per_page_ms']}"),
        ("noop_rebuild_s", result["noop_rebuild_s"],
         f"{result['noop_over_plain']:.2f}x plain (target <= 0.15)"),
        ("noop_mt_segments", result["noop_mt_segments"], "target 0"),
        ("noop_pages_made", result["noop_pages_made"],
         f"of {result['generated_pages']} pages, their HTML made at all"),
        ("edit_rebuild_s", result["edit_rebuild_s"],
         f"{result['edit_over_plain']:.2f}x plain (target <= 0.2); "
         f"{result['edit_pages_rendered']} of {result['generated_pages']} pages rendered, "
         f"{result['edit_pages_made']} made"),
        ("edit_mt_segments", result["edit_mt_segments"],
         f"{result['edit_mt_segments_per_language']}; the paragraph has "
         f"{result['edit_paragraph_units']} units per language"),
        ("peak_rss_mb", result["peak_rss_mb"],
         f"target <= 969 at N=1000; summing RSS instead: {result['peak_rss_sum_mb']}"),
    ]
    if "mt_batched_seg_per_s" in result:
        rows += [
            ("mt_batched_seg_per_s", result["mt_batched_seg_per_s"],
             f"{result['mt_batched_over_argos']}x Argos (>= 3), "
             f"{result['mt_batched_over_raw']}x raw (>= 0.8)"),
            ("mt_argos_seg_per_s", result["mt_argos_seg_per_s"],
             f"{result['mt_argos_units']} units, Argos' default threads"),
            ("mt_argos_one_thread_seg_per_s", result["mt_argos_one_thread_seg_per_s"],
             f"ARGOS_INTRA_THREADS=1: ours is {result['mt_batched_over_argos_one_thread']}x"),
            ("mt_ct2_raw_seg_per_s", result["mt_ct2_raw_seg_per_s"], ""),
        ]
    if "per_article_growth" in result:
        rows.append(("per_article_growth", result["per_article_growth"],
                     "full build s/article at N=1000 over N=100 (target <= 1.3)"))
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value!s:>10}  {note}" for name, value, note in rows)


def plot(by_size: list[dict[str, Any]], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    sizes = [r["articles"] for r in by_size]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
    for key, label in (("plain_mkdocs_s", "plain MkDocs, same pages"),
                       ("full_build_s", "full build (no run cache)"),
                       ("noop_rebuild_s", "rebuild, nothing changed"),
                       ("edit_rebuild_s", "rebuild after one edit")):
        ax.plot(sizes, [r[key] for r in by_size], marker="o", label=label)
    ax.set_xlabel("articles (each in 4 languages)")
    ax.set_ylabel("seconds")
    ax.set_title("Build time against corpus size")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="one small corpus (25 articles); a few minutes")
    parser.add_argument("--sizes", type=int, nargs="+",
                        help="corpus sizes (default: 25 with --quick, else 100 1000)")
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"))
    parser.add_argument("--plot", type=Path, help="the PNG (default: beside --out)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--builds-only", action="store_true",
                        help="measure the builds only, not translation speed")
    parser.add_argument("--large", type=int, metavar="N",
                        help="also a fresh and a no-op build of N articles, nothing drafted")
    parser.add_argument("--large-only", action="store_true",
                        help="with --large: only that measurement")
    parser.add_argument("--smoke", action="store_true",
                        help="a few articles and tiny models only: checks the benchmark "
                             "runs (the tests use it); its figures mean nothing")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([4] if args.smoke else [25] if args.quick else [100, 1000])
    settings = Settings(argos_sample=5 if args.smoke else 100 if args.quick else 300)
    size = tinymodels.TINY if args.smoke else tinymodels.BASE
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    if args.large_only and not args.large:
        parser.error("--large-only needs --large N")
    work = Path(tempfile.mkdtemp(prefix="briefings-bench-"))
    try:
        result: dict[str, Any] = {}
        by_size: list[dict[str, Any]] = []
        if not args.large_only:
            say("building models: tiny (to fill the translation memory) and base size, random")
            sentences = tinymodels.SENTENCES if args.smoke else corpus.tokenizer_training_text()
            tiny = build_models(work / "tiny", tinymodels.TINY, tinymodels.SENTENCES)
            base = build_models(work / "base", size, sentences)
            by_size = [measure_builds(work, n, tiny, base, settings, say) for n in sizes]
            # Translation speed on the smallest corpus: the rate is per unit, and the
            # largest corpus would take hours through Argos.
            mt = ({} if args.builds_only else
                  measure_translation(Path(by_size[0]["project"]), base, settings, work, say))
            result.update(by_size[-1], **mt)
        result.update(
            beam_size=settings.beam_size,
            max_decoding_length=settings.max_decoding_length,
            batch_tokens=settings.batch_tokens,
            model=f"{size}, random weights",
            machine=f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
                    f"Python {platform.python_version()}",
            date=time.strftime("%Y-%m-%d"),
            quick=args.quick,
            smoke=args.smoke,
        )
        if len(by_size) > 1:
            result["by_articles"] = {str(r["articles"]): r for r in by_size}
            result["per_article_growth"] = round(
                by_size[-1]["full_build_per_article_ms"] / by_size[0]["full_build_per_article_ms"],
                3,
            )
        for r in by_size:
            r.pop("project", None)
        result.pop("project", None)
        if args.large:
            result["large"] = measure_large(work, args.large, settings, say,
                                            partial=args.out.with_suffix(".fresh.json"))
        if not args.large_only:
            # Event grouping at a desk's archive size (bench/events.py): not all pairs.
            say("grouping synthetic briefings into events")
            result["events_grouping"] = events.measure_grouping(200 if args.smoke else 10_000)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
        picture = args.plot or args.out.with_suffix(".png")
        if by_size:
            print(table(result))
            print(f"\nwritten: {args.out}" + (f", {picture}" if plot(by_size, picture) else
                                              " (no plot: pip install -e .[bench])"))
        if args.large:
            print(json.dumps(result["large"], indent=2))
        say("done")
    finally:
        if args.keep:
            print(f"projects kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
