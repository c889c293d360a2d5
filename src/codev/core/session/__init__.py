"""The session engine: walks a group through a protocol with exact timing, turns and a journal.

The UI imports from here only. See :mod:`codev.core.session.model` for the setup and the
commands, :mod:`codev.core.session.view` for what the engine shows.
"""
