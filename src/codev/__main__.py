"""Allow ``python -m codev``."""

from codev.entry import main

raise SystemExit(main())
