"""codev — live facilitation of co-development sessions (groupes de codéveloppement)."""

__version__ = "0.1.0"
