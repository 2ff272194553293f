"""Download the real cricket matches the project uses from Cricsheet (what `make data` runs).

Fetches the Cricsheet archives that hold the corpus matches (scorebook_tools.realdata.CORPUS)
into DEST/archives/ and extracts those matches into DEST/{id}.json, where the tests, the demo
and the benchmarks look for them. With --all, every match of the archives is extracted.

Running it again costs nothing: matches and archives already there are neither downloaded nor
rewritten. An interrupted download resumes (an HTTP Range request from DEST/archives/*.part);
an archive that is not a valid zip is fetched again once; network errors are retried a few
times with backoff.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from scorebook_tools import cricsheet_download as download
from scorebook_tools.realdata import ARCHIVES, ATTRIBUTION, ENV_VAR, cricsheet_dir

EPILOG = f"""\
archives (from the base URL):
{textwrap.fill(", ".join(ARCHIVES), 92, initial_indent="  ", subsequent_indent="  ")}

environment:
  {ENV_VAR}
      a folder of Cricsheet JSON files to use instead of the download; the default DEST.
      If it already has every corpus match, nothing is done.
  {download.URL_ENV_VAR}
      where the archives are (default {download.DEFAULT_URL}); --base-url wins.

exit codes:
  0  every corpus match is available
  1  some corpus matches are not in the archives (the summary names them)
  2  an archive could not be downloaded (offline, server unreachable or failing): the
     message names the URL and the reason; only a resumable DEST/archives/*.part is left

{ATTRIBUTION}.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="download_cricsheet.py",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dest", type=Path, metavar="DEST",
                        help=f"where the matches go (default: ${ENV_VAR} if set, else the "
                        f"project's cache; here: {cricsheet_dir()})")
    parser.add_argument("--base-url", metavar="URL",
                        help=f"where the archives are (default: ${download.URL_ENV_VAR} if set, "
                        f"else {download.DEFAULT_URL})")
    parser.add_argument("--all", action="store_true",
                        help="extract every match of the archives, not only the corpus")
    parser.add_argument("--retries", type=int, default=download.RETRIES, metavar="N",
                        help="retries of a failing download, with backoff (default: %(default)s)")
    args = parser.parse_args(argv)
    return download.run(args.dest, args.base_url, everything=args.all, retries=args.retries)


if __name__ == "__main__":
    sys.exit(main())
