"""The headless core of codev: protocols, session engine, clock, logbooks, i18n.

Nothing under this package may import Textual; ``tests/test_architecture.py`` enforces it.
"""
