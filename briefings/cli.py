"""The ``briefings`` command: a thin adapter from the command line to the pipeline.

Each subcommand is a small function taking the parsed arguments and returning an
exit code. User errors (:class:`BriefingsError`) become one line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence

from briefings import __version__
from briefings.errors import BriefingsError, one_line

EXIT_PROBLEM = 1


class Stopped(KeyboardInterrupt):
    """SIGTERM (or SIGINT) arrived: unwind like Ctrl-C so temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM into an exception, as Python already does with SIGINT.

    By default SIGTERM ends the process on the spot; as an exception it unwinds,
    and a catalog being written is left as it was, with no temporary file beside it.
    """

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    if name == "inspect":
        from briefings.commands.inspect import cmd_inspect

        return cmd_inspect
    if name == "models get":
        from briefings.commands.models import cmd_models_get

        return cmd_models_get
    if name == "new":
        from briefings.commands.new import cmd_new

        return cmd_new
    if name == "events":
        from briefings.commands.events import cmd_events

        return cmd_events
    if name == "import":
        from briefings.commands.importing import cmd_import

        return cmd_import
    # Translation commands import CTranslate2 and Argos; load them only when used.
    from briefings.commands import translation

    return {
        "translate": translation.cmd_translate,
        "check": translation.cmd_check,
        "status": translation.cmd_status,
        "merge-po": translation.cmd_merge_po,
        "export": translation.cmd_export,
        "models list": translation.cmd_models_list,
        "models install": translation.cmd_models_install,
    }[name]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefings",
        description="Structured, multilingual briefing pages from news articles.",
    )
    parser.add_argument("--version", action="version", version=f"briefings {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def project_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--project", metavar="DIR", default=None,
                       help="the project folder (holding mkdocs.yml); default: here")

    p = sub.add_parser("inspect", help="show what the tool makes of one article source")
    p.add_argument("path", help="an article source (.txt, .md or .html)")
    p.add_argument("--json", action="store_true", help="print the briefing as one JSON object")
    p.add_argument("--max-bytes", type=int, default=None,
                   help="size limit (default: max_article_bytes of the project around the "
                        "file, else 1 MB)")
    project_option(p)

    p = sub.add_parser("new", help="make a site repository that builds as it is")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--package", metavar="REQUIREMENT", default=None,
                   help="the pinned briefings its workflow installs (e.g. "
                        "git+https://github.com/OWNER/briefings@v0.2.0); default: this one, "
                        "when installed from Git or an index")

    p = sub.add_parser("events", help="list the events: which articles report the same thing")
    p.add_argument("--json", action="store_true", help="print the events as JSON")
    project_option(p)

    p = sub.add_parser("import", help="write content/<slug>.md from a web page, to check")
    p.add_argument("source", help="a saved page (FILE.html) or its http(s) address")
    p.add_argument("--slug", help="the article's slug (default: from its headline)")
    p.add_argument("--force", action="store_true", help="replace content/<slug>.md if it exists")
    project_option(p)

    p = sub.add_parser("translate", help="draft machine translations of pending units")
    p.add_argument("--lang", action="append", metavar="L", help="only this language (repeatable)")
    p.add_argument("--article", metavar="SLUG", help="only this article")
    p.add_argument("--strict", action="store_true",
                   help="change nothing when an article or a catalog cannot be read, and "
                        "fail when a language has no engine")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    project_option(p)

    p = sub.add_parser("check", help="check translations against the glossary and the source")
    p.add_argument("--lang", action="append", metavar="L", help="only this language (repeatable)")
    p.add_argument("--article", metavar="SLUG", help="only this article")
    p.add_argument("--drafts", action="store_true",
                   help="check machine drafts and other fuzzy entries too, not only reviewed ones")
    p.add_argument("--json", action="store_true", help="print the problems as JSON (for CI)")
    p.add_argument("--strict", action="store_true", help="exit non-zero when a problem is found")
    project_option(p)

    p = sub.add_parser("status", help="how much of each catalog is reviewed, drafted, stale")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    project_option(p)

    p = sub.add_parser("merge-po", help="git merge driver for catalogs (see docs/translating.md)")
    p.add_argument("ancestor", help="%%O: the common ancestor")
    p.add_argument("ours", help="%%A: our version; the result is written here")
    p.add_argument("theirs", help="%%B: their version")
    p.add_argument("path", nargs="?", help="%%P: the catalog's path (for messages)")

    p = sub.add_parser("export", help="the glossary (TBX, CSV) or reviewed memory (TMX)")
    p.add_argument("what", choices=["glossary", "memory"])
    p.add_argument("--lang", required=True, metavar="L", help="the target language")
    p.add_argument("--format", choices=["tbx", "csv"], default="tbx",
                   help="for the glossary: TBX (default) or Weblate's CSV")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    project_option(p)

    models = sub.add_parser("models", help="translation models").add_subparsers(
        dest="models_command", required=True, metavar="ACTION"
    )
    p = models.add_parser("list", help="installed packages and models per language pair")
    project_option(p)
    p = models.add_parser("install", help="check and install an .argosmodel archive")
    p.add_argument("archive", help="a FILE.argosmodel")
    project_option(p)
    p = models.add_parser(
        "get", help="download the Argos packages the languages need; say how to convert the rest"
    )
    p.add_argument("langs", nargs="*", metavar="LANG", help="only these languages")
    p.add_argument("--index", metavar="URL",
                   help="the package index (default: Argos's, or ARGOS_PACKAGE_INDEX)")
    p.add_argument("--convert", action="store_true",
                   help="run the CTranslate2 conversion for languages without an Argos package")
    project_option(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    name = args.command + (f" {args.models_command}" if args.command == "models" else "")
    try:
        with _stop_on_signals():
            code = _command(name)(args)
            sys.stdout.flush()
            return code
    except BrokenPipeError:
        # The reader went away (`briefings status --json | head`): no traceback, and no
        # second one when Python flushes stdout at exit.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PROBLEM
    except BriefingsError as exc:
        print(f"briefings: {one_line(exc)}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt as exc:
        print("briefings: interrupted; files already written are complete", file=sys.stderr)
        return 128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)


if __name__ == "__main__":
    sys.exit(main())
