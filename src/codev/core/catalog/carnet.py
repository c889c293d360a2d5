"""Catalog section: carnet (the participants' logbooks, their files and their export)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Reading and writing the files.
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
    "carnet.error.inline_sessions": {
        "fr": "les séances sont écrites en liste (sessions = [...]) d'autre chose que des tables : "
        "codev ne peut pas en ajouter ; écrivez chaque séance en table [[sessions]]",
        "en": "the sessions are written as a list (sessions = [...]) of something other than "
        "tables: codev cannot add one; write each session as a [[sessions]] table",
    },
    "carnet.error.unexpected": {
        "fr": "erreur inattendue en écrivant ce fichier : {reason}",
        "en": "unexpected error while writing this file: {reason}",
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
    "carnet.error.empty_objective": {
        "fr": "une action a besoin de son objectif : il est vide",
        "en": "an action needs its objective: it is empty",
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
    # What became of an entry that its file could not take (said with the file's problems).
    "carnet.aside.kept": {
        "fr": "entrée mise de côté dans {pending} : elle reviendra dans ce fichier dès qu'il se lira "
        "de nouveau",
        "en": "entry kept aside in {pending}: it goes back into this file as soon as the file reads again",
    },
    "carnet.aside.kept_elsewhere": {
        "fr": "entrée mise de côté dans {aside}, car {pending} est illisible lui aussi : elle reviendra "
        "dans ce fichier dès qu'il se lira de nouveau",
        "en": "entry kept aside in {aside}, since {pending} cannot be read either: it goes back into "
        "this file as soon as the file reads again",
    },
    "carnet.aside.back": {
        "fr": "de nouveau lisible : séances {sessions}, mises de côté dans {pending} depuis le {since}, "
        "revenues dans ce fichier le {now} ; {pending} est supprimé",
        "en": "reads again: sessions {sessions}, kept aside in {pending} since {since}, back in this "
        "file on {now}; {pending} removed",
    },
    "carnet.aside.back_kept": {
        "fr": "de nouveau lisible : séances {sessions}, mises de côté dans {pending} depuis le {since}, "
        "revenues dans ce fichier le {now}",
        "en": "reads again: sessions {sessions}, kept aside in {pending} since {since}, back in this "
        "file on {now}",
    },
    "carnet.aside.undated": {"fr": "sans date", "en": "undated"},
    "carnet.aside.older": {
        "fr": "la copie de la séance {session} mise de côté dans {pending} ({kept}) est plus ancienne "
        "que celle de ce fichier ({current}) : elle est écartée",
        "en": "the copy of session {session} kept aside in {pending} ({kept}) is older than this "
        "file's ({current}): left out",
    },
    "carnet.aside.unsure": {
        "fr": "la séance {session} diffère entre ce fichier et {pending}, et rien ne dit laquelle est la "
        "plus récente : ce fichier garde la sienne, {pending} garde l'autre pour que vous compariez",
        "en": "session {session} differs between this file and {pending}, and nothing tells which is "
        "newer: this file keeps its copy, {pending} keeps the other for you to compare",
    },
    "carnet.aside.unreadable": {
        "fr": "{pending} ne se lit pas : les entrées qu'il garde attendent d'y être reprises ; réparez-le "
        "(la ligne est indiquée) et codev les remettra dans ce fichier",
        "en": "{pending} cannot be read: the entries it keeps are waiting; repair it (the line is given) "
        "and codev puts them back into this file",
    },
    "carnet.aside.nowhere": {
        "fr": "entrée enregistrée nulle part, ni dans ce fichier ni à côté ({reason})",
        "en": "entry saved nowhere, neither in this file nor aside ({reason})",
    },
    "carnet.aside.journal_only": {
        "fr": "entrée enregistrée nulle part, ni dans ce fichier ni à côté ({reason}) : seul le journal "
        "de la séance la garde ; codev la réécrira à la prochaine note et à la fin",
        "en": "entry saved nowhere, neither in this file nor aside ({reason}): only the session's "
        "journal holds it; codev writes it again at the next note and at the end",
    },
    "carnet.aside.journal_all": {
        "fr": "carnets non enregistrés ({reason}) : seul le journal de la séance ({journal}) garde ce "
        "qui a été noté",
        "en": "carnets not saved ({reason}): only the session's journal ({journal}) holds what was noted",
    },
}

# Dates, field labels and statuses (review screen and export).
MESSAGES.update(
    {
        "carnet.date": {"fr": "{day} {month} {year}", "en": "{day} {month} {year}"},
        "carnet.month.1": {"fr": "janvier", "en": "January"},
        "carnet.month.2": {"fr": "février", "en": "February"},
        "carnet.month.3": {"fr": "mars", "en": "March"},
        "carnet.month.4": {"fr": "avril", "en": "April"},
        "carnet.month.5": {"fr": "mai", "en": "May"},
        "carnet.month.6": {"fr": "juin", "en": "June"},
        "carnet.month.7": {"fr": "juillet", "en": "July"},
        "carnet.month.8": {"fr": "août", "en": "August"},
        "carnet.month.9": {"fr": "septembre", "en": "September"},
        "carnet.month.10": {"fr": "octobre", "en": "October"},
        "carnet.month.11": {"fr": "novembre", "en": "November"},
        "carnet.month.12": {"fr": "décembre", "en": "December"},
        "carnet.field.subject": {"fr": "Sujet", "en": "Subject"},
        "carnet.field.role": {"fr": "Rôle", "en": "Role"},
        "carnet.field.client": {"fr": "Client", "en": "Client"},
        "carnet.field.protocol": {"fr": "Protocole", "en": "Protocol"},
        "carnet.field.question": {"fr": "Ma question", "en": "My question"},
        "carnet.field.contract": {"fr": "Contrat (l'aide demandée)", "en": "Contract (the help asked for)"},
        "carnet.field.suggestions_received": {"fr": "Suggestions reçues", "en": "Suggestions received"},
        "carnet.field.actions": {"fr": "Plan d'action", "en": "Action plan"},
        "carnet.field.suggestions_given": {"fr": "Suggestions données", "en": "Suggestions I gave"},
        "carnet.field.followups": {"fr": "Suivi des engagements", "en": "Follow-up of commitments"},
        "carnet.field.learnings": {"fr": "Enseignements", "en": "Learnings"},
        "carnet.field.feelings": {"fr": "Ressentis", "en": "Feelings"},
        "carnet.field.progress": {"fr": "Progrès", "en": "Progress"},
        "carnet.field.notes": {"fr": "Notes", "en": "Notes"},
        "carnet.field.objective": {"fr": "Objectif", "en": "Objective"},
        "carnet.field.resources": {"fr": "Ressources", "en": "Resources"},
        "carnet.field.deadline": {"fr": "Échéance", "en": "Deadline"},
        "carnet.field.indicator": {"fr": "Indicateur", "en": "Indicator"},
        "carnet.field.status": {"fr": "Statut", "en": "Status"},
        "carnet.status.open": {"fr": "en cours", "en": "open"},
        "carnet.status.done": {"fr": "tenu", "en": "done"},
        "carnet.status.dropped": {"fr": "abandonné", "en": "dropped"},
        "carnet.followup.done": {"fr": "fait", "en": "done"},
        "carnet.followup.partly": {"fr": "en partie", "en": "partly"},
        "carnet.followup.not_yet": {"fr": "pas encore", "en": "not yet"},
        "carnet.followup.dropped": {"fr": "abandonné", "en": "dropped"},
    }
)

# The exported document.
MESSAGES.update(
    {
        "carnet.export.title": {"fr": "Carnet de bord — {participant}", "en": "Logbook — {participant}"},
        "carnet.export.label": {"fr": "{label} :", "en": "{label}:"},
        "carnet.export.groups": {"fr": "Groupe(s)", "en": "Group(s)"},
        "carnet.export.exported": {"fr": "Exporté le", "en": "Exported on"},
        "carnet.export.group_title": {"fr": "Groupe « {group} »", "en": "Group '{group}'"},
        "carnet.export.path": {"fr": "Parcours", "en": "Path so far"},
        "carnet.export.sessions": {"fr": "Séances", "en": "Sessions"},
        "carnet.export.role_count": {"fr": "{role} : {count}", "en": "{role}: {count}"},
        "carnet.export.commitments": {"fr": "Engagements", "en": "Commitments"},
        "carnet.export.commitment_counts": {
            "fr": "tenus : {done}, abandonnés : {dropped}, en cours : {open}",
            "en": "done: {done}, dropped: {dropped}, open: {open}",
        },
        "carnet.export.session_title": {"fr": "Séance du {date}", "en": "Session of {date}"},
        "carnet.export.session_number_title": {
            "fr": "Séance {number} — {date}",
            "en": "Session {number} — {date}",
        },
        "carnet.export.no_sessions": {"fr": "Aucune séance pour l'instant.", "en": "No session yet."},
        # Choosing what leaves the carnet (codev.core.logbook.sharing).
        "carnet.share.member": {"fr": "membre {number}", "en": "member {number}"},
        "carnet.share.member_unknown": {"fr": "un·e membre", "en": "a member"},
        "carnet.share.hidden_subject": {
            "fr": "(le sujet d'un·e autre membre)",
            "en": "(another member's subject)",
        },
        "carnet.share.unknown_sessions": {
            "fr": "pas de séance {sessions} dans ce carnet ; séances : {available}",
            "en": "no session {sessions} in this carnet; sessions: {available}",
        },
    }
)

# The command line: ``codev carnet …``.
MESSAGES.update(
    {
        "carnet.cli.help": {
            "fr": "carnets de bord des participants (export)",
            "en": "the participants' logbooks (export)",
        },
        "carnet.cli.export.help": {
            "fr": "exporter un carnet en Markdown ou en HTML",
            "en": "export a carnet as Markdown or HTML",
        },
        "carnet.cli.export.description": {
            "fr": (
                "Exporte le carnet de bord d'un participant : un document propre à garder ou à envoyer. "
                "Sans -o, le document est écrit sur la sortie standard."
            ),
            "en": (
                "Export a participant's carnet de bord (logbook): a clean document to keep or send. "
                "Without -o, the document goes to standard output."
            ),
        },
        "carnet.cli.metavar.name": {"fr": "NOM", "en": "NAME"},
        "carnet.cli.metavar.group": {"fr": "GROUPE", "en": "GROUP"},
        "carnet.cli.opt.name": {
            "fr": "le participant (majuscules et accents facultatifs, début du nom accepté)",
            "en": "the participant (case and accents optional, the start of the name is enough)",
        },
        "carnet.cli.opt.group": {
            "fr": "seulement le carnet de ce groupe (par défaut : tous ses groupes)",
            "en": "only the carnet of this group (default: all their groups)",
        },
        "carnet.cli.opt.format": {
            "fr": "md ou html (par défaut : d'après l'extension de -o, sinon md)",
            "en": "md or html (default: from the extension of -o, else md)",
        },
        "carnet.cli.opt.output": {
            "fr": "fichier à écrire (créé lisible par vous seul)",
            "en": "file to write (created readable by you only)",
        },
        "carnet.cli.opt.session": {
            "fr": "ne garder que cette séance (son numéro ou son identifiant) ; répétable",
            "en": "keep only this session (its number or id); may be repeated",
        },
        "carnet.cli.opt.since": {
            "fr": "ne garder que les séances de ce jour ou après (AAAA-MM-JJ)",
            "en": "keep only the sessions on or after this day (YYYY-MM-DD)",
        },
        "carnet.cli.opt.until": {
            "fr": "ne garder que les séances de ce jour ou avant (AAAA-MM-JJ)",
            "en": "keep only the sessions on or before this day (YYYY-MM-DD)",
        },
        "carnet.cli.opt.anonymise": {
            "fr": "remplacer le nom des autres membres par « membre 1 », « membre 2 »… "
            "et masquer les sujets des autres",
            "en": "replace the other members' names by 'member 1', 'member 2'… and hide the others' subjects",
        },
        "carnet.cli.bad_date": {
            "fr": "date invalide : {value} (attendu AAAA-MM-JJ)",
            "en": "invalid date: {value} (expected YYYY-MM-DD)",
        },
        "carnet.cli.metavar.session": {"fr": "SÉANCE", "en": "SESSION"},
        "carnet.cli.metavar.date": {"fr": "DATE", "en": "DATE"},
        "carnet.cli.unknown_participant": {
            "fr": "aucun carnet au nom de « {name} ». Carnets existants : {known}",
            "en": "no carnet for '{name}'. Existing carnets: {known}",
        },
        "carnet.cli.ambiguous_participant": {
            "fr": "« {name} » peut désigner plusieurs personnes : {candidates}. Précisez le nom.",
            "en": "'{name}' could be several people: {candidates}. Give more of the name.",
        },
        "carnet.cli.not_in_group": {
            "fr": "{name} n'a pas de carnet dans le groupe « {group} ». Ses groupes : {groups}",
            "en": "{name} has no carnet in group '{group}'. Their groups: {groups}",
        },
        "carnet.cli.unreadable": {
            "fr": "Ce carnet ne peut pas être lu ; corrigez le fichier à la ligne indiquée :",
            "en": "This carnet cannot be read; fix the file at the line shown:",
        },
        "carnet.cli.no_folder": {
            "fr": "le dossier {folder} n'existe pas",
            "en": "the folder {folder} does not exist",
        },
        "carnet.cli.write_failed": {
            "fr": "impossible d'écrire {file} : {reason}",
            "en": "cannot write {file}: {reason}",
        },
        "carnet.cli.written": {"fr": "Carnet exporté : {file}", "en": "Carnet exported: {file}"},
    }
)
