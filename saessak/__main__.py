"""``python -m saessak ...`` is the ``saessak`` command."""

from .cli import main

raise SystemExit(main())
