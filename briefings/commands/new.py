"""``briefings new DIR``: a site repository that builds as it is.

It holds a mkdocs.yml with the ``briefings`` plugin, one example article in
``content/``, an about page in ``docs/``, the GitHub workflow that drafts,
builds and publishes (``.github/workflows/site.yml``) and a ``.gitignore``. The
files come from ``briefings/data/new/``; the workflow gets the pinned
briefings it installs (see :func:`pinned_requirement`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import tempfile
from importlib import metadata, resources
from pathlib import Path

from briefings import __version__
from briefings.errors import BriefingsError

#: The template's files, and where each goes in the new repository.
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "content/riverside-bridge-reopens.md": "content/riverside-bridge-reopens.md",
    "docs/about.md": "docs/about.md",
    "site.yml": ".github/workflows/site.yml",
    "gitignore": ".gitignore",
}
#: The line of the workflow whose default is the pinned briefings.
_PACKAGE_LINE = "  BRIEFINGS_PACKAGE: ${{ vars.BRIEFINGS_PACKAGE || '' }}\n"
#: A requirement that fits, unquoted, in that line: a Git URL or a pinned name.
_REQUIREMENT = re.compile(r"[A-Za-z0-9._+:/@=!~<>,#-]+")


def pinned_requirement() -> str | None:
    """What pip should install in the site's workflow: this very briefings, pinned.

    Installed from a Git repository over https, that repository at the commit
    installed (pip's ``direct_url.json``, PEP 610). Otherwise None: a folder or
    a local wheel has no address a workflow could fetch, and the bare name
    ``briefings`` on an index could be anyone's package.
    """
    try:
        direct = metadata.distribution("briefings").read_text("direct_url.json")
        origin = json.loads(direct) if direct else {}
    except (metadata.PackageNotFoundError, ValueError):
        return None
    vcs = origin.get("vcs_info") or {}
    url = str(origin.get("url", ""))
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and url.startswith("https://"):
        requirement = f"git+{url}@{vcs['commit_id']}"
        return requirement if _REQUIREMENT.fullmatch(requirement) else None
    return None


def check_requirement(requirement: str) -> str:
    """``requirement`` if it is pinned (a Git reference or ``==``) and safe in the workflow."""
    if not _REQUIREMENT.fullmatch(requirement):
        raise BriefingsError(None, f"--package {requirement!r}: use a plain requirement such as "
                                   "git+https://github.com/OWNER/briefings@v0.2.0")
    if not ("@" in requirement or "==" in requirement):
        raise BriefingsError(None, f"--package {requirement}: pin it, with @TAG for a Git "
                                   "reference or ==VERSION for an index")
    return requirement


def make_site(target: Path, requirement: str | None) -> None:
    """Write the new site repository into ``target`` (missing or empty), all or nothing."""
    if target.exists() and not target.is_dir():
        raise BriefingsError(target, "is a file; give a new or empty folder")
    if target.exists() and any(target.iterdir()):
        raise BriefingsError(target, "not empty; give a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    template = resources.files("briefings") / "data" / "new"
    # Written beside the target and renamed into place: a half-made site never
    # appears, and rename(2) replaces an empty folder.
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for source, destination in FILES.items():
            text = (template / source).read_text("utf-8")
            if source == "site.yml" and requirement:
                text = text.replace(
                    _PACKAGE_LINE,
                    f"  BRIEFINGS_PACKAGE: ${{{{ vars.BRIEFINGS_PACKAGE || '{requirement}' }}}}\n",
                )
            path = scratch / destination
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        (scratch / "translations").mkdir()
        scratch.chmod(0o777 & ~_umask())
        os.replace(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    requirement = check_requirement(args.package) if args.package else pinned_requirement()
    make_site(target, requirement)
    print(f"A briefings site in {target} (briefings {__version__}). Next:")
    print(f"  cd {target} && mkdocs build --strict    # the site, in site/")
    if requirement:
        print(f"The workflow installs {requirement}.")
    else:
        print("Before pushing: set the repository variable BRIEFINGS_PACKAGE to a pinned "
              "briefings (e.g. git+https://github.com/OWNER/briefings@v0.2.0), or run again "
              "with --package; see the workflow's header.")
    return 0
