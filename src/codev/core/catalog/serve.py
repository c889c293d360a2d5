"""Catalog section: ``codev serve``, the session's read-only view in web browsers."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    "cli.serve.help": {
        "fr": "montrer la séance en lecture seule dans des navigateurs web (salles hybrides)",
        "en": "show the session, read-only, in web browsers (hybrid rooms)",
    },
    "cli.serve.description": {
        "fr": (
            "Sert la vue en lecture seule de la séance en cours : chaque navigateur qui ouvre le lien "
            "a sa propre vue, qui suit la séance sans pouvoir la modifier."
        ),
        "en": (
            "Serves the read-only view of the running session: every browser that opens the link gets "
            "its own view, which follows the session and cannot change it."
        ),
    },
    "cli.serve.metavar.host": {"fr": "ADRESSE", "en": "ADDRESS"},
    "cli.serve.metavar.session": {"fr": "SÉANCE", "en": "SESSION"},
    "cli.serve.opt.host": {
        "fr": (
            "adresse d'écoute (par défaut 127.0.0.1 : cet ordinateur seulement ; 0.0.0.0 : tout le "
            "réseau de la salle, avec une clé d'accès dans le lien)"
        ),
        "en": (
            "address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the whole room's "
            "network, with an access key in the link)"
        ),
    },
    "cli.serve.opt.port": {
        "fr": "port d'écoute (par défaut {default})",
        "en": "port to listen on (default {default})",
    },
    "cli.serve.opt.session": {
        "fr": "la séance à montrer (son journal .jsonl ou son identifiant) ; par défaut celle en cours",
        "en": "the session to show (its .jsonl journal or its id); by default the one running",
    },
    "cli.serve.bad_port": {
        "fr": "port invalide : « {value} » (un nombre de 1 à 65535)",
        "en": "invalid port: '{value}' (a number from 1 to 65535)",
    },
    "cli.serve.port_in_use": {
        "fr": "le port {port} est déjà pris sur {host} : choisissez-en un autre avec --port",
        "en": "port {port} is already in use on {host}: choose another one with --port",
    },
    "cli.serve.cannot_listen": {
        "fr": "impossible d'écouter sur {host}, port {port} : {reason}",
        "en": "cannot listen on {host}, port {port}: {reason}",
    },
    "cli.serve.title": {"fr": "codev — la séance", "en": "codev — the session"},
    "cli.serve.serving": {
        "fr": "Vue de la séance, en lecture seule, pour les navigateurs : {url}",
        "en": "The session's read-only view, for web browsers: {url}",
    },
    "cli.serve.local_only": {
        "fr": "Seul cet ordinateur peut l'ouvrir (--host 0.0.0.0 pour l'ouvrir au réseau de la salle).",
        "en": "Only this computer can open it (--host 0.0.0.0 opens it to the room's network).",
    },
    "cli.serve.shared": {
        "fr": (
            "Le lien contient sa clé d'accès : ne le donnez qu'au groupe. La connexion n'est pas "
            "chiffrée (HTTP simple) : à n'utiliser que sur le réseau de la salle."
        ),
        "en": (
            "The link holds its access key: give it to the group only. The connection is not "
            "encrypted (plain HTTP): use it on the room's network only."
        ),
    },
    "cli.serve.no_session": {
        "fr": "Aucune séance en cours dans {workspace} pour l'instant : la vue l'attendra.",
        "en": "No session is running in {workspace} yet: the view will wait for one.",
    },
    "cli.serve.session_not_running": {
        "fr": "La séance {session} n'est pas en cours : la vue la montre telle que son journal la laisse.",
        "en": "Session {session} is not running: the view shows it as its journal left it.",
    },
    "cli.serve.running": {
        "fr": "Séance en cours : {session} (la vue la suit).",
        "en": "Running session: {session} (the view follows it).",
    },
    "cli.serve.stop_hint": {"fr": "Ctrl+C pour arrêter.", "en": "Ctrl+C to stop."},
    "cli.serve.forbidden": {
        "fr": "Ce lien n'a pas la clé d'accès : demandez le lien complet à l'animateur ou l'animatrice.",
        "en": "This link lacks its access key: ask the facilitator for the full link.",
    },
}
