"""Catalog section: a workspace's sessions once they are over or not wanted any more — rehearsals,
setting aside, archiving, ``codev session``."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Rehearsals.
    "session.rehearsal.notice": {
        "fr": "Répétition (×{speed}) : rien n'est écrit dans les carnets ni dans l'historique du groupe.",
        "en": "Rehearsal (×{speed}): nothing is written to the carnets or the group's history.",
    },
    # Setting aside.
    "session.move.exists": {
        "fr": "{file} n'a pas été déplacé : {target} existe déjà (il n'est jamais remplacé).",
        "en": "{file} was not moved: {target} already exists (it is never replaced).",
    },
    "session.move.failed": {
        "fr": "{file} n'a pas pu être déplacé ({reason}) ; il est resté où il était.",
        "en": "{file} could not be moved ({reason}); it stayed where it was.",
    },
    "session.set_aside.done": {
        "fr": "Séance mise de côté : {file} (elle ne sera plus proposée ; « codev session restore {id} » "
        "la fait revenir).",
        "en": "Session set aside: {file} (it will not be offered again; “codev session restore {id}” "
        "brings it back).",
    },
    "key.set_aside": {"fr": "mettre de côté", "en": "set aside"},
    "ui.resume.rehearsal": {"fr": " — répétition ×{speed}", "en": " — rehearsal ×{speed}"},
    # Archiving: what was done with each journal.
    "session.archive.done": {
        "fr": "archivé : {texts} texte(s) retiré(s) (les carnets les gardent)",
        "en": "archived: {texts} text(s) removed (the carnets keep them)",
    },
    "session.archive.would": {
        "fr": "serait archivé : {texts} texte(s) retiré(s)",
        "en": "would be archived: {texts} text(s) removed",
    },
    "session.archive.left.damaged": {
        "fr": "laissé tel quel : journal endommagé — {reason}",
        "en": "left as it is: damaged journal — {reason}",
    },
    "session.archive.left.set_aside": {
        "fr": "laissé tel quel : mis de côté (séance non terminée)",
        "en": "left as it is: set aside (session not finished)",
    },
    "session.archive.left.in_use": {
        "fr": "laissé tel quel : ouvert par un autre codev",
        "en": "left as it is: open in another codev (in use)",
    },
    "session.archive.left.unfinished": {
        "fr": "laissé tel quel : séance non terminée ({status})",
        "en": "left as it is: session not finished ({status})",
    },
    "session.archive.left.archived": {
        "fr": "laissé tel quel : déjà archivé",
        "en": "left as it is: already archived",
    },
    "session.archive.left.torn": {
        "fr": "laissé tel quel : sa dernière ligne est incomplète",
        "en": "left as it is: its last line is incomplete",
    },
    "session.archive.left.changed": {
        "fr": "laissé tel quel : il a changé pendant la vérification",
        "en": "left as it is: it changed while being checked",
    },
    "session.archive.left.recent": {
        "fr": "laissé tel quel : dernière activité il y a {days} jour(s), moins de {limit}",
        "en": "left as it is: last activity {days} day(s) ago, fewer than {limit}",
    },
    "session.archive.left.no_text": {
        "fr": "laissé tel quel : aucun texte à retirer",
        "en": "left as it is: no text to remove",
    },
    "session.archive.left.no_group_line": {
        "fr": "laissé tel quel : le fichier du groupe « {group} » n'a pas cette séance",
        "en": "left as it is: the group file of “{group}” does not hold this session",
    },
    "session.archive.left.no_carnet": {
        "fr": "laissé tel quel : {name} n'a pas de carnet dans ce groupe",
        "en": "left as it is: {name} has no carnet in this group",
    },
    "session.archive.left.no_entry": {
        "fr": "laissé tel quel : le carnet de {name} n'a pas cette séance",
        "en": "left as it is: {name}'s carnet does not hold this session",
    },
    "session.archive.left.missing_text": {
        "fr": "laissé tel quel : le carnet de {name} n'a pas tous les textes de la séance "
        "(modifié depuis, ou un enregistrement a échoué) ; le journal en est peut-être la seule copie",
        "en": "left as it is: {name}'s carnet does not hold every text of the session (changed since, "
        "or a save failed); the journal may be their only copy",
    },
    "session.archive.left.carnet_unreadable": {
        "fr": "laissé tel quel : carnet illisible — {reason}",
        "en": "left as it is: carnet cannot be read — {reason}",
    },
    "session.archive.failed.replay": {
        "fr": "non archivé : sans ses textes, le journal ne rejouerait pas la même séance",
        "en": "not archived: without its texts, the journal would not replay the same session",
    },
    "session.archive.failed.write": {
        "fr": "non archivé : écriture impossible ({reason}) ; le journal est inchangé",
        "en": "not archived: cannot write ({reason}); the journal is unchanged",
    },
    # codev session …
    "cli.session.help": {
        "fr": "les séances de l'espace de travail : lister, archiver, mettre de côté",
        "en": "the workspace's sessions: list, archive, set aside",
    },
    "cli.session.list.help": {
        "fr": "lister les séances (mises de côté comprises) et les journaux endommagés",
        "en": "list the sessions (those set aside too) and the damaged journals",
    },
    "cli.session.archive.help": {
        "fr": "retirer les textes des notes des journaux de séances terminées que les carnets gardent",
        "en": "remove the notes' texts from the journals of finished sessions the carnets hold",
    },
    "cli.session.archive.older_than": {
        "fr": "seulement les séances dont la dernière activité date d'au moins JOURS jours",
        "en": "only sessions whose last activity is at least DAYS days old",
    },
    "cli.session.archive.dry_run": {
        "fr": "dire ce qui serait fait, sans rien modifier",
        "en": "say what would be done, changing nothing",
    },
    "cli.session.set_aside.help": {
        "fr": "mettre de côté une séance non terminée (elle n'est plus proposée à la reprise)",
        "en": "set an unfinished session aside (it is no longer offered for resuming)",
    },
    "cli.session.restore.help": {
        "fr": "faire revenir une séance mise de côté",
        "en": "bring back a session set aside",
    },
    "cli.session.metavar.days": {"fr": "JOURS", "en": "DAYS"},
    "cli.session.metavar.session": {"fr": "SÉANCE", "en": "SESSION"},
    "cli.session.bad_days": {
        "fr": "nombre de jours invalide : {value} (un nombre positif ou nul)",
        "en": "invalid number of days: {value} (a number, zero or more)",
    },
    "cli.session.col.date": {"fr": "DATE", "en": "DATE"},
    "cli.session.col.group": {"fr": "GROUPE", "en": "GROUP"},
    "cli.session.col.status": {"fr": "ÉTAT", "en": "STATUS"},
    "cli.session.col.marks": {"fr": "REMARQUES", "en": "NOTES"},
    "cli.session.col.session": {"fr": "SÉANCE", "en": "SESSION"},
    "cli.session.damaged": {"fr": "endommagé", "en": "damaged"},
    "cli.session.mark.in_use": {"fr": "en cours d'utilisation", "en": "in use"},
    "cli.session.mark.rehearsal": {"fr": "répétition", "en": "rehearsal"},
    "cli.session.mark.archived": {"fr": "archivé", "en": "archived"},
    "cli.session.mark.set_aside": {"fr": "mis de côté", "en": "set aside"},
    "cli.session.none": {"fr": "Aucune séance dans {folder}.", "en": "No session in {folder}."},
    "cli.session.damaged_heading": {
        "fr": "Journaux illisibles (laissés tels quels) :",
        "en": "Journals that cannot be read (left as they are):",
    },
    "cli.session.unknown": {
        "fr": "aucune séance « {session} » {where} ; il y a : {known}",
        "en": "no session “{session}” {where}; there are: {known}",
    },
    "cli.session.where.sessions": {"fr": "parmi les séances", "en": "among the sessions"},
    "cli.session.where.set_aside": {
        "fr": "parmi les séances mises de côté",
        "en": "among the sessions set aside",
    },
    "cli.session.nothing": {"fr": "(aucune)", "en": "(none)"},
    "cli.session.restored": {
        "fr": "Séance revenue : {file} (elle sera proposée à la reprise).",
        "en": "Session back: {file} (it will be offered for resuming).",
    },
    "cli.session.archive.summary": {
        "fr": "{archived} journal(aux) archivé(s), {left} laissé(s) tel(s) quel(s), {failed} en échec.",
        "en": "{archived} journal(s) archived, {left} left as they are, {failed} failed.",
    },
    "cli.session.archive.summary_dry": {
        "fr": "Essai : {archived} journal(aux) seraient archivés, {left} laissé(s) tel(s) quel(s) ; "
        "rien n'a été modifié.",
        "en": "Dry run: {archived} journal(s) would be archived, {left} left as they are; "
        "nothing was changed.",
    },
}
