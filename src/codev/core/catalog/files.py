"""Catalog section: reading and writing text files (protocols, carnets, group files, settings)."""

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
    "file.error.symlink": {
        "fr": "c'est un lien symbolique : codev ne suit pas les liens "
        "(mettez le fichier lui-même à cette place)",
        "en": "this is a symbolic link: codev does not follow links (put the file itself in its place)",
    },
    "file.error.not_regular": {
        "fr": "ce n'est pas un fichier ordinaire (tube, périphérique…)",
        "en": "this is not a regular file (a pipe, a device…)",
    },
    "file.error.too_deep": {
        "fr": "trop d'imbrications pour être lu "
        "(plus de {limit} niveaux de tables, de listes ou de clés pointées)",
        "en": "nested too deeply to be read (more than {limit} levels of tables, arrays or dotted keys)",
    },
    "file.error.number_too_long": {
        "fr": "un nombre de plus de {digits} chiffres ne peut pas être lu",
        "en": "a number of more than {digits} digits cannot be read",
    },
    "file.write.symlink": {
        "fr": "{path} est un lien symbolique : codev n'écrit pas à travers les liens",
        "en": "{path} is a symbolic link: codev does not write through links",
    },
    "file.write.protected": {
        "fr": "{path} est protégé en écriture : codev ne le remplace pas",
        "en": "{path} is write-protected: codev does not replace it",
    },
    "file.write.not_regular": {
        "fr": "{path} n'est pas un fichier ordinaire : codev ne le remplace pas",
        "en": "{path} is not a regular file: codev does not replace it",
    },
    "file.write.cannot_create_folder": {
        "fr": "impossible de créer le dossier {path} : {reason}",
        "en": "cannot create the folder {path}: {reason}",
    },
    "file.write.lock_failed": {
        "fr": "impossible d'ouvrir le fichier de verrou {path} : {reason}",
        "en": "cannot open the lock file {path}: {reason}",
    },
}
