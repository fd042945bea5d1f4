"""``python -m lint`` runs the `scopelint` command."""

from lint.cli import main

raise SystemExit(main())
