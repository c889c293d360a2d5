"""Catalog section: carnet (the participants' logbooks, their files and their export)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Reading and writing the files.
    "carnet.error.not_found": {"fr": "fichier introuvable", "en": "file not found"},
    "carnet.error.is_directory": {
        "fr": "c'est un dossier, pas un carnet",
        "en": "this is a folder, not a carnet",
    },
    "carnet.error.permission": {"fr": "accès refusé", "en": "permission denied"},
    "carnet.error.unreadable": {"fr": "lecture impossible : {reason}", "en": "cannot read: {reason}"},
    "carnet.error.binary": {
        "fr": "fichier binaire : un carnet est un texte TOML",
        "en": "binary file: a carnet is TOML text",
    },
    "carnet.error.encoding": {
        "fr": "le texte n'est pas en UTF-8 (enregistrez le fichier en UTF-8)",
        "en": "the text is not UTF-8 (save the file as UTF-8)",
    },
    "carnet.error.toml_syntax": {
        "fr": "erreur de syntaxe TOML : {detail}",
        "en": "TOML syntax error: {detail}",
    },
    "carnet.error.format_missing": {
        "fr": "la clé « format » manque (ajoutez format = {known} en tête du fichier)",
        "en": "the 'format' key is missing (add format = {known} at the top of the file)",
    },
    "carnet.error.format_invalid": {
        "fr": "« format » doit être un nombre entier ({known} pour cette version de codev)",
        "en": "'format' must be a whole number ({known} for this version of codev)",
    },
    "carnet.error.format_too_new": {
        "fr": "format {found} plus récent que celui compris ici ({known}) : mettez codev à jour",
        "en": "format {found} is newer than this codev understands ({known}): update codev",
    },
    "carnet.error.write_failed": {
        "fr": "enregistrement impossible : {reason}",
        "en": "cannot save: {reason}",
    },
    "carnet.error.unknown_group": {
        "fr": "aucun groupe « {group} »",
        "en": "no group named '{group}'",
    },
    "carnet.error.unknown_carnet": {
        "fr": "{participant} n'a pas de carnet dans le groupe « {group} »",
        "en": "{participant} has no carnet in group '{group}'",
    },
    "carnet.error.unknown_session": {
        "fr": "aucune séance « {session} » dans ce carnet",
        "en": "no session '{session}' in this carnet",
    },
    "carnet.error.unknown_action": {
        "fr": "aucune action « {action} » dans la séance « {session} »",
        "en": "no action '{action}' in session '{session}'",
    },
    # Comments at the top of the files codev creates.
    "carnet.file.header": {
        "fr": (
            "Carnet de bord de {participant} — groupe « {group} ».\n"
            "Fichier personnel, modifiable à la main : codev garde vos ajouts et vos commentaires.\n"
            "Format décrit dans docs/logbook-format.md."
        ),
        "en": (
            "Carnet de bord (logbook) of {participant} — group '{group}'.\n"
            "Personal file. You may complete it by hand: codev keeps your additions and comments.\n"
            "The format is described in docs/logbook-format.md."
        ),
    },
    "carnet.file.group_header": {
        "fr": (
            "Groupe de codéveloppement « {group} » : ses membres et l'historique de ses séances.\n"
            "Format décrit dans docs/logbook-format.md."
        ),
        "en": (
            "Co-development group '{group}': its members and the history of its sessions.\n"
            "The format is described in docs/logbook-format.md."
        ),
    },
    "carnet.file.pending_header": {
        "fr": (
            "Entrées de {name} mises de côté : le fichier principal n'a pas pu être lu ou écrit.\n"
            "Réparez-le (codev a indiqué la ligne en cause) : la prochaine écriture y reversera ces entrées."
        ),
        "en": (
            "Entries of {name} kept aside: the main file could not be read or written.\n"
            "Repair it (codev named the line at fault): the next write will take these entries back in."
        ),
    },
}
