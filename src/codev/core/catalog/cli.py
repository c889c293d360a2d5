"""Catalog section: the command line."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    "cli.description": {
        "fr": "codev — animer une séance de codéveloppement professionnel, et garder son carnet de bord.",
        "en": "codev — run a co-development (peer consulting) session, and keep your logbook.",
    },
    "cli.command_metavar": {"fr": "COMMANDE", "en": "COMMAND"},
    "cli.crash": {
        "fr": "codev s'est arrêté sur une erreur inattendue ({error}). Tout ce qui était enregistré "
        "est conservé : une séance en cours se reprend en relançant codev. Rapport (à joindre à un "
        "signalement) : {report}",
        "en": "codev stopped on an unexpected error ({error}). Everything saved is kept: a session "
        "in progress resumes when codev is started again. Report (to attach to a bug report): {report}",
    },
    "cli.crash.no_report": {
        "fr": "codev s'est arrêté sur une erreur inattendue ({error}). Tout ce qui était enregistré "
        "est conservé : une séance en cours se reprend en relançant codev. Le rapport n'a pas pu "
        "être écrit.",
        "en": "codev stopped on an unexpected error ({error}). Everything saved is kept: a session "
        "in progress resumes when codev is started again. No report could be written.",
    },
    "cli.metavar.dir": {"fr": "DOSSIER", "en": "DIR"},
    "cli.metavar.file": {"fr": "FICHIER", "en": "FILE"},
    "cli.metavar.id_or_file": {"fr": "ID|FICHIER", "en": "ID|FILE"},
    "cli.opt.lang": {"fr": "langue de l'interface (fr ou en)", "en": "interface language (fr or en)"},
    "cli.opt.workspace": {
        "fr": "dossier de l'équipe (protocols/, logbooks/) ; sinon $CODEV_WORKSPACE, sinon le dossier actuel",
        "en": "the team's folder (protocols/ and logbooks/); else $CODEV_WORKSPACE, else the current folder",
    },
    "cli.protocol.help": {
        "fr": "vérifier, lister, afficher les protocoles",
        "en": "check, list, show protocols",
    },
    "cli.protocol.check.help": {"fr": "valider des fichiers de protocole", "en": "validate protocol files"},
    "cli.protocol.check.files": {
        "fr": "fichiers à valider (sans fichier : toute la bibliothèque)",
        "en": "files to validate (none: the whole library)",
    },
    "cli.protocol.check.ok": {"fr": "{file} : valide — {summary}", "en": "{file}: valid — {summary}"},
    "cli.protocol.list.help": {
        "fr": "lister les protocoles disponibles",
        "en": "list the available protocols",
    },
    "cli.protocol.list.broken": {
        "fr": "Fichiers ignorés car invalides :",
        "en": "Files left out because they are invalid:",
    },
    "cli.protocol.show.help": {"fr": "afficher les étapes d'un protocole", "en": "show a protocol's steps"},
    "cli.protocol.summary": {
        "fr": "{title} — {steps} étapes, {total}",
        "en": "{title} — {steps} steps, {total}",
    },
    "cli.protocol.col.id": {"fr": "ID", "en": "ID"},
    "cli.protocol.col.title": {"fr": "TITRE", "en": "TITLE"},
    "cli.protocol.col.steps": {"fr": "ÉTAPES", "en": "STEPS"},
    "cli.protocol.col.minutes": {"fr": "MIN", "en": "MIN"},
    "cli.protocol.col.origin": {"fr": "ORIGINE", "en": "FROM"},
    "cli.protocol.origin.builtin": {"fr": "intégré", "en": "built-in"},
    "cli.protocol.origin.workspace": {"fr": "équipe ({path})", "en": "workspace ({path})"},
    "cli.protocol.origin.override": {
        "fr": "équipe ({path}), remplace l'intégré",
        "en": "workspace ({path}), overrides built-in",
    },
    "cli.protocol.unknown": {
        "fr": "protocole inconnu : « {id} ». Disponibles : {known}",
        "en": "unknown protocol: '{id}'. Available: {known}",
    },
    "cli.protocol.show.timing_floor": {
        "fr": "{planned} (au moins {floor})",
        "en": "{planned} (at least {floor})",
    },
    "cli.protocol.show.optional": {"fr": "facultative", "en": "optional"},
    "cli.protocol.show.protected": {"fr": "protégée", "en": "protected"},
    "cli.protocol.show.joker": {"fr": "Joker : {minutes}", "en": "Joker: {minutes}"},
    "cli.protocol.show.turns": {"fr": "tour de table : {who}", "en": "round the table: {who}"},
    "cli.protocol.show.per_turn": {"fr": ", {seconds} s par tour", "en": ", {seconds} s per turn"},
    "cli.protocol.show.speakers": {"fr": "Parole :", "en": "Who speaks:"},
    "cli.protocol.show.purpose": {"fr": "But :", "en": "Purpose:"},
    "cli.protocol.show.allowed": {"fr": "Permis :", "en": "Allowed:"},
    "cli.protocol.show.forbidden": {"fr": "Interdit :", "en": "Forbidden:"},
    "cli.protocol.show.prompts": {"fr": "Relances de l'animateur :", "en": "Facilitator's prompts:"},
    "cli.protocol.show.notes": {"fr": "Notes recueillies :", "en": "Notes collected:"},
    "cli.run.help": {
        "fr": "préparer et animer une séance (par défaut)",
        "en": "set up and run a session (default)",
    },
    "cli.demo.help": {
        "fr": "ouvrir une séance de démonstration (cinq participants fictifs)",
        "en": "open a demo session (five fictional participants)",
    },
    "cli.run.speed": {
        "fr": "le temps passe N fois plus vite (répétition) ; affiché à l'écran",
        "en": "time runs N times faster (rehearsal); shown on screen",
    },
    "cli.run.bad_speed": {
        "fr": "vitesse invalide : {value} (un nombre entre 0 et 1000)",
        "en": "invalid speed: {value} (a number between 0 and 1000)",
    },
    "cli.run.no_bell": {"fr": "pas de sonnerie aux alertes", "en": "no bell at alerts"},
    "cli.run.theme": {
        "fr": "thème : projector (clair, pour projecteur ; par défaut), dark (sombre) "
        "ou contrast (contraste maximal, pour les projecteurs les plus pâles)",
        "en": "theme: projector (light, for projectors; the default), dark, "
        "or contrast (highest contrast, for the palest projectors)",
    },
    "cli.run.dark": {
        "fr": "thème sombre : raccourci de --theme dark",
        "en": "dark theme: short for --theme dark",
    },
    "cli.demo.no_protocol": {
        "fr": "le protocole « codev » est introuvable",
        "en": "the 'codev' protocol cannot be found",
    },
    "cli.view.help": {
        "fr": "l'écran de la salle : suit la séance en cours (à projeter ; lecture seule)",
        "en": "the room's screen: follows the running session (to project; read-only)",
    },
    "cli.view.session_metavar": {"fr": "SÉANCE", "en": "SESSION"},
    "cli.view.session": {
        "fr": "le journal d'une séance (fichier .jsonl ou identifiant) ; par défaut celle en cours",
        "en": "a session's journal (a .jsonl file or its id); by default the one running",
    },
    "cli.view.no_such_session": {
        "fr": "aucune séance « {session} » dans cet espace de travail",
        "en": "no session “{session}” in this workspace",
    },
}
