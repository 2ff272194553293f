"""``python -m scorebook dls|replay|events|match|season|export|check``: the same commands as
``python -m scorebook_tools`` (``scorebook_tools.cli``), under the package's own name. The one
module of the package that imports the tools (pyproject.toml's import-linter contract names
it); firebase.json leaves it out of a deploy, so the functions never carry it."""

from scorebook_tools.cli import main

raise SystemExit(main())
