"""``python -m scorebook replay|actions|match``: the command line lives in the tools package
(``scorebook_tools.cli``, installed in the root .venv, never deployed); this file only lets the
familiar module name run it. firebase.json leaves it out of a deploy."""

from scorebook_tools.cli import main

raise SystemExit(main())
