"""Catalog section: the user's settings file (``config.toml``, a workspace's ``codev.toml``)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    "config.error.file_ignored": {
        "fr": "{reason} — fichier ignoré, codev garde ses touches par défaut",
        "en": "{reason} — file ignored, codev keeps its default keys",
    },
    "config.error.unknown_section": {
        "fr": "réglage inconnu, ignoré (codev lit les tables [keymap] et [session])",
        "en": "unknown setting, ignored (codev reads the [keymap] and [session] tables)",
    },
    "config.error.unknown_session_key": {
        "fr": "réglage de séance inconnu, ignoré (codev ne lit que joker_minutes)",
        "en": "unknown session setting, ignored (codev only reads joker_minutes)",
    },
    "config.error.joker": {
        "fr": "le joker est un nombre de minutes, plus de 0 et au plus {most} ; 2 minutes gardées",
        "en": "the joker is a number of minutes, more than 0 and at most {most}; 2 minutes kept",
    },
    "config.error.not_table": {
        "fr": 'doit être une table : [keymap] puis une ligne id = "touches" par raccourci ; ignoré',
        "en": 'must be a table: [keymap] then one line id = "keys" per binding; ignored',
    },
    "config.error.unknown_binding": {
        "fr": "identifiant de raccourci inconnu, ignoré (la liste : docs/configuration.md)",
        "en": "unknown binding id, ignored (the list: docs/configuration.md)",
    },
    "config.error.unknown_binding_hint": {
        "fr": "identifiant de raccourci inconnu, ignoré — vouliez-vous dire « {suggestion} » ?",
        "en": "unknown binding id, ignored — did you mean '{suggestion}'?",
    },
    "config.error.not_string": {
        "fr": 'les touches s\'écrivent entre guillemets, séparées par des virgules ("n,right") ; '
        "touches par défaut gardées",
        "en": 'keys are written in quotes, separated by commas ("n,right"); default keys kept',
    },
    "config.error.no_key": {
        "fr": "aucune touche donnée ; touches par défaut gardées",
        "en": "no key given; default keys kept",
    },
    "config.error.empty_key": {
        "fr": "une virgule sans touche avant ou après ; touches par défaut gardées",
        "en": "a comma with no key before or after it; default keys kept",
    },
    "config.error.bad_key": {
        "fr": "« {key} » n'est pas un nom de touche (sans espace, par ex. ctrl+n, pagedown, f5) ; "
        "touches par défaut gardées",
        "en": "'{key}' is not a key name (no spaces, e.g. ctrl+n, pagedown, f5); default keys kept",
    },
    "config.error.duplicate": {
        "fr": "raccourci donné deux fois (avec et sans guillemets) ; seul le premier compte",
        "en": "binding given twice (with and without quotes); only the first one counts",
    },
    "config.error.more": {
        "fr": "{count} autres problèmes dans ce fichier, non affichés",
        "en": "{count} more problems in this file, not shown",
    },
}
