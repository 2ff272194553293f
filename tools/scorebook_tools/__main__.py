"""``python -m scorebook_tools replay|actions|events|match|season|export|check|dls``: the
command line (``scorebook_tools.cli``), with the code the functions run, never deployed."""

from scorebook_tools.cli import main

raise SystemExit(main())
