"""Catalog section: reading text files (protocols, carnets, group files)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    "file.error.not_found": {"fr": "fichier introuvable", "en": "file not found"},
    "file.error.is_directory": {
        "fr": "c'est un dossier, pas un fichier",
        "en": "this is a folder, not a file",
    },
    "file.error.permission": {"fr": "lecture non autorisée", "en": "permission denied"},
    "file.error.unreadable": {"fr": "lecture impossible : {reason}", "en": "cannot read: {reason}"},
    "file.error.too_large": {
        "fr": "fichier trop gros (plus de {limit} Kio)",
        "en": "file too large (over {limit} KiB)",
    },
    "file.error.binary": {
        "fr": "fichier binaire : un texte TOML est attendu",
        "en": "binary file: TOML text is expected",
    },
    "file.error.encoding": {
        "fr": "le texte n'est pas en UTF-8 (enregistrez le fichier en UTF-8)",
        "en": "the text is not UTF-8 (save the file as UTF-8)",
    },
    "file.error.toml_syntax": {
        "fr": "erreur de syntaxe TOML : {detail}",
        "en": "TOML syntax error: {detail}",
    },
}
