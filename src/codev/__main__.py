"""Allow ``python -m codev``."""

from codev.cli import main

raise SystemExit(main())
