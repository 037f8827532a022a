"""Speed and memory of the pipeline, measured on this machine.

    .venv/bin/python bench/bench_pipeline.py [--articles N] [--repeat R]

Stages measured:
  parse+analyse   every article of a synthetic content/ folder (the two samples,
                  copied N/2 times each under new slugs), as `collect()` does it
  translate       all pending units of those articles through a tiny real
                  CTranslate2 model (random weights, built here), once in one
                  batched call and once unit by unit, to show what batching buys
  merge+write     catalogs merged and written for one language, then a second
                  run that must write nothing
Figures are the best of R runs; peak memory is the process's maximum RSS.
The tiny model's speed says nothing about a real model's; it measures our
overhead around CTranslate2 (tokenising, protection, batching, catalogs).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import tinymodels  # noqa: E402

from briefings.collection import collect  # noqa: E402
from briefings.project import EngineChoice, Project  # noqa: E402
from briefings.translation.drafting import catalog_units, update_catalogs  # noqa: E402
from briefings.translation.engines import EngineConfig, EngineSettings, load_engine  # noqa: E402
from briefings.translation.models import install_archive  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def make_project(work: Path, articles: int) -> Project:
    content = work / "content"
    content.mkdir()
    samples = sorted((ROOT / "content").glob("*.txt"))
    texts = [sample.read_text("utf-8") for sample in samples]
    for i in range(articles):
        # Each copy gets its own number in every sentence, so no unit is shared.
        text = texts[i % len(texts)].replace(". ", f" {i}. ").replace(".\n", f" {i}.\n")
        (content / f"{samples[i % len(samples)].stem}-{i:04d}.txt").write_text(text, "utf-8")
    return Project(
        root=work,
        languages=("ru",),
        engines={"ru": EngineChoice("ru")},
        packages_dir=work / "packages",
        beam_size=1,
        max_decoding_length=32,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = make_project(work, args.articles)
        archive = tinymodels.build_argos_package(work / "models", "en", "ru", "0.0.1")
        install_archive(archive, project.packages_dir)

        parse = best_of(args.repeat, lambda: collect(project))
        collection = collect(project)
        units = sorted({u.msgid for b in collection.briefings for u in catalog_units(b)})

        settings = EngineSettings(beam_size=1, max_decoding_length=32)
        engine = load_engine(EngineConfig("ru"), settings, project.packages_dir)
        batched = best_of(args.repeat, lambda: engine.translate(units))
        sample = units[:100]
        one_by_one = best_of(1, lambda: [engine.translate([u]) for u in sample])

        first = best_of(1, lambda: update_catalogs(project, collection, ["ru"]))
        again = best_of(args.repeat, lambda: update_catalogs(project, collection, ["ru"]))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles: {args.articles}, distinct units: {len(units)}, best of {args.repeat}")
    print(f"parse+analyse      {parse:8.3f} s  {args.articles / parse:8.1f} articles/s")
    print(f"translate batched  {batched:8.3f} s  {len(units) / batched:8.1f} units/s")
    print(f"translate 1 by 1   {one_by_one:8.3f} s  {len(sample) / one_by_one:8.1f} units/s"
          f"  (first {len(sample)} units)")
    print(f"merge+draft+write  {first:8.3f} s  (first run, drafts everything)")
    print(f"second run         {again:8.3f} s  (nothing to do, nothing written)")
    print(f"peak RSS           {peak_mb:8.1f} MB")


if __name__ == "__main__":
    main()
