"""Protocols: the script of a session, as trainers write it.

- :mod:`.model` — what a protocol is (steps, roles, rounds, sub-groups), validated by pydantic;
- :mod:`.loader` — reading a file into a model, with located, translated problems;
- :mod:`.library` — the built-in and the workspace's protocols, merged by id;
- :mod:`.draft` — editing a file the way a trainer wrote it (comments and key order kept),
  over :mod:`.form_text` (what a form's fields read as), :mod:`.toml_surgery` (tomlkit
  changes that keep the layout) and :mod:`.files` (writing it back safely);
- :mod:`.upgrade` — rewriting a format 1 file as format 2.
"""
