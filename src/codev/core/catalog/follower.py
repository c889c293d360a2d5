"""Catalog section: following a session's journal from another window (read-only)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    "follower.problem.gone": {
        "fr": "{file} : le journal de séance a disparu (supprimé ou déplacé) ; "
        "la séance reste affichée telle qu'elle a été lue en dernier.",
        "en": "{file}: the session journal is gone (deleted or moved); "
        "the session is shown as it was last read.",
    },
    "follower.problem.not_regular": {
        "fr": "{file} n'est pas un fichier ordinaire : ce ne peut pas être un journal de séance.",
        "en": "{file} is not a regular file: it cannot be a session journal.",
    },
    "follower.problem.line_too_long": {
        "fr": "{file}, ligne {line} : ligne de plus de {limit} Mio, ce n'est pas un journal de séance.",
        "en": "{file}, line {line}: a line longer than {limit} MiB, this is not a session journal.",
    },
}
