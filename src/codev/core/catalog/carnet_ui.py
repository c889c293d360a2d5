"""Catalog section: the carnet's review screen (``codev carnet NAME``) and its dialogs."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Keys (footer, command palette).
    "key.carnet.search": {"fr": "chercher", "en": "search"},
    "key.carnet.clear_search": {"fr": "effacer", "en": "clear"},
    "key.carnet.sessions": {"fr": "séances", "en": "sessions"},
    "key.carnet.commitments": {"fr": "engagements", "en": "commitments"},
    "key.carnet.path": {"fr": "parcours", "en": "path"},
    "key.carnet.reload": {"fr": "relire", "en": "reload"},
    "key.carnet.open": {"fr": "ouvrir", "en": "open"},
    "key.carnet.status": {"fr": "changer le statut", "en": "change status"},
    "key.carnet.edit_action": {"fr": "modifier", "en": "edit"},
    "key.carnet.complete": {"fr": "compléter", "en": "complete"},
    "key.carnet.back": {"fr": "retour", "en": "back"},
    "key.carnet.previous_session": {"fr": "précédente", "en": "previous"},
    "key.carnet.next_session": {"fr": "suivante", "en": "next"},
    "key.carnet.to_list": {"fr": "aller à la liste", "en": "go to list"},
    "key.carnet.save": {"fr": "enregistrer", "en": "save"},
    "key.carnet.choose": {"fr": "choisir", "en": "choose"},
    # Command palette (Ctrl+P).
    "carnet.review.cmd.key": {"fr": "touche {key}", "en": "key {key}"},
    "carnet.review.cmd.search": {"fr": "Chercher dans le carnet", "en": "Search the carnet"},
    "carnet.review.cmd.sessions": {"fr": "Voir les séances", "en": "Show the sessions"},
    "carnet.review.cmd.commitments": {"fr": "Voir les engagements", "en": "Show the commitments"},
    "carnet.review.cmd.path": {"fr": "Voir le parcours", "en": "Show the path"},
    "carnet.review.cmd.reload": {
        "fr": "Relire le carnet depuis son fichier",
        "en": "Read the carnet again from its file",
    },
    "carnet.review.cmd.previous": {"fr": "Séance précédente", "en": "Previous session"},
    "carnet.review.cmd.next": {"fr": "Séance suivante", "en": "Next session"},
    "carnet.review.cmd.back": {"fr": "Revenir aux séances", "en": "Back to the sessions"},
    # The review screen. Short month names keep the lists' date column narrow.
    "carnet.review.month.1": {"fr": "janv.", "en": "Jan"},
    "carnet.review.month.2": {"fr": "févr.", "en": "Feb"},
    "carnet.review.month.3": {"fr": "mars", "en": "Mar"},
    "carnet.review.month.4": {"fr": "avr.", "en": "Apr"},
    "carnet.review.month.5": {"fr": "mai", "en": "May"},
    "carnet.review.month.6": {"fr": "juin", "en": "Jun"},
    "carnet.review.month.7": {"fr": "juil.", "en": "Jul"},
    "carnet.review.month.8": {"fr": "août", "en": "Aug"},
    "carnet.review.month.9": {"fr": "sept.", "en": "Sep"},
    "carnet.review.month.10": {"fr": "oct.", "en": "Oct"},
    "carnet.review.month.11": {"fr": "nov.", "en": "Nov"},
    "carnet.review.month.12": {"fr": "déc.", "en": "Dec"},
    "carnet.review.title": {"fr": "Carnet de bord —", "en": "Carnet de bord —"},
    "carnet.review.groups_count": {"fr": "groupes : {count}", "en": "groups: {count}"},
    "carnet.review.tab.sessions": {"fr": "1 Séances", "en": "1 Sessions"},
    "carnet.review.tab.commitments": {"fr": "2 Engagements", "en": "2 Commitments"},
    "carnet.review.tab.path": {"fr": "3 Parcours", "en": "3 Path"},
    "carnet.review.sessions_count": {"fr": "séances : {count}", "en": "sessions: {count}"},
    "carnet.review.kept_count": {
        "fr": "engagements tenus : {done}/{total}",
        "en": "commitments kept: {done}/{total}",
    },
    "carnet.review.search_placeholder": {
        "fr": "/ chercher dans le carnet : un mot, un nom, une idée…",
        "en": "/ search the carnet: a word, a name, an idea…",
    },
    "carnet.review.col.date": {"fr": "Date", "en": "Date"},
    "carnet.review.col.number": {"fr": "N°", "en": "No."},
    "carnet.review.col.role": {"fr": "Rôle", "en": "Role"},
    "carnet.review.col.group": {"fr": "Groupe", "en": "Group"},
    "carnet.review.col.subject": {"fr": "Sujet", "en": "Subject"},
    "carnet.review.no_subject": {"fr": "(sujet non noté)", "en": "(no subject noted)"},
    "carnet.review.no_objective": {"fr": "(objectif non noté)", "en": "(no objective noted)"},
    "carnet.review.no_sessions": {"fr": "Aucune séance pour l'instant.", "en": "No session yet."},
    "carnet.review.legend.to_complete": {
        "fr": "réflexions à compléter",
        "en": "reflections to complete",
    },
    "carnet.review.legend.open": {"fr": "engagements en cours", "en": "open commitments"},
    "carnet.review.hits": {
        "fr": "Résultats pour « {query} » : {count}",
        "en": "Results for '{query}': {count}",
    },
    "carnet.review.no_hits": {
        "fr": "Rien trouvé. Échap efface la recherche.",
        "en": "Nothing found. Esc clears the search.",
    },
    "carnet.review.preview_empty": {
        "fr": "Choisissez une séance pour la voir ici.",
        "en": "Pick a session to see it here.",
    },
    "carnet.review.commitments_head": {
        "fr": "Engagements : {count} — tenus : {done}, abandonnés : {dropped}, en cours : {open}",
        "en": "Commitments: {count} — done: {done}, dropped: {dropped}, open: {open}",
    },
    "carnet.review.no_commitments": {
        "fr": "Aucun engagement : ils viennent des plans d'action des séances où vous étiez client.",
        "en": "No commitment yet: they come from the action plans of the sessions where you were client.",
    },
    "carnet.review.made_on": {"fr": "pris le {date}", "en": "made on {date}"},
    "carnet.review.deadline": {"fr": "échéance : {date}", "en": "deadline: {date}"},
    "carnet.review.indicator": {"fr": "indicateur : {text}", "en": "indicator: {text}"},
    "carnet.review.followup": {"fr": "suivi : {status} ({date})", "en": "follow-up: {status} ({date})"},
    "carnet.review.with_comment": {"fr": "{text} : {comment}", "en": "{text}: {comment}"},
    "carnet.review.empty_field": {
        "fr": "— rien d'écrit pour l'instant (Entrée pour compléter)",
        "en": "— nothing written yet (Enter to complete)",
    },
    "carnet.review.saved": {"fr": "Enregistré dans {file}", "en": "Saved in {file}"},
    "carnet.review.unchanged": {"fr": "Rien n'a changé.", "en": "Nothing changed."},
    "carnet.review.reloaded": {
        "fr": "Carnet relu depuis le fichier.",
        "en": "Carnet read again from its file.",
    },
    "carnet.review.read_back_problems": {
        "fr": "Enregistré, mais le carnet n'a pas pu être relu :",
        "en": "Saved, but the carnet could not be read back:",
    },
    # The path.
    "carnet.review.path.sessions": {"fr": "Séances : {count}", "en": "Sessions: {count}"},
    "carnet.review.path.over_time": {"fr": "Au fil des séances", "en": "Session after session"},
    "carnet.review.path.strip_one": {
        "fr": "(une marque par séance, de la première à la dernière)",
        "en": "(one mark per session, first to last)",
    },
    "carnet.review.path.strip_many": {
        "fr": "(une marque pour {count} séances, de la première à la dernière)",
        "en": "(one mark for {count} sessions, first to last)",
    },
    "carnet.review.path.other_role": {"fr": "autre rôle", "en": "other role"},
    "carnet.review.path.commitments": {"fr": "Engagements : {count}", "en": "Commitments: {count}"},
    "carnet.review.path.no_commitments": {
        "fr": "Aucun pour l'instant : ils viennent des plans d'action des séances où vous étiez client.",
        "en": "None yet: they come from the action plans of the sessions where you were client.",
    },
    "carnet.review.path.kept_over_time": {
        "fr": "Engagements tenus au fil du temps",
        "en": "Commitments kept over time",
    },
    "carnet.review.path.made": {"fr": "pris", "en": "made"},
    "carnet.review.path.kept": {"fr": "tenus", "en": "kept"},
    # The session in full.
    "carnet.review.session.hint": {
        "fr": "↑↓ pour choisir ce que vous complétez, Entrée pour l'écrire ; "
        "sur un engagement, e pour modifier son objectif, ses ressources, son échéance, son indicateur.",
        "en": "↑↓ to pick what to complete, Enter to write it; "
        "on a commitment, e to edit its objective, resources, deadline and indicator.",
    },
    # Dialogs.
    "carnet.review.status.title": {
        "fr": "Où en est cet engagement ?",
        "en": "Where does this commitment stand?",
    },
    "carnet.review.status.current": {"fr": "{status} (actuel)", "en": "{status} (current)"},
    "carnet.review.status.hint": {
        "fr": "Entrée pour choisir, Échap pour ne rien changer.",
        "en": "Enter to choose, Esc to leave it as it is.",
    },
    "carnet.review.action.title": {
        "fr": "Modifier l'engagement — {session}",
        "en": "Edit the commitment — {session}",
    },
    "carnet.review.action.status": {
        "fr": "Statut : {status} (Entrée sur l'engagement pour le changer)",
        "en": "Status: {status} (Enter on the commitment to change it)",
    },
    "carnet.review.action.objective_placeholder": {
        "fr": "ce que vous vous engagez à faire (obligatoire)",
        "en": "what you commit to do (required)",
    },
    "carnet.review.action.resources_placeholder": {
        "fr": "temps, personnes, moyens (facultatif)",
        "en": "time, people, means (optional)",
    },
    "carnet.review.action.deadline_placeholder": {
        "fr": "JJ/MM/AAAA ou AAAA-MM-JJ (facultatif)",
        "en": "YYYY-MM-DD or DD/MM/YYYY (optional)",
    },
    "carnet.review.action.indicator_placeholder": {
        "fr": "à quoi vous verrez que c'est fait (facultatif)",
        "en": "how you will know it is done (optional)",
    },
    "carnet.review.action.empty_objective": {
        "fr": "L'objectif est obligatoire : écrivez ce que vous vous engagez à faire.",
        "en": "The objective is required: write what you commit to do.",
    },
    "carnet.review.action.hint": {
        "fr": "Tab passe au champ suivant. Entrée ou Ctrl+S enregistre, Échap annule.",
        "en": "Tab moves to the next field. Enter or Ctrl+S saves, Esc cancels.",
    },
    "carnet.review.personal.title": {"fr": "{field} — {session}", "en": "{field} — {session}"},
    "carnet.review.personal.hint_lines": {
        "fr": "Une idée par ligne. Ctrl+S enregistre, Échap annule.",
        "en": "One item per line. Ctrl+S saves, Esc cancels.",
    },
    "carnet.review.personal.hint_paragraphs": {
        "fr": "Une idée par paragraphe (séparez-les par une ligne vide). Ctrl+S enregistre, Échap annule.",
        "en": "One item per paragraph (separate them with a blank line). Ctrl+S saves, Esc cancels.",
    },
    "carnet.review.personal.discard": {
        "fr": "Abandonner ce que vous venez d'écrire ?",
        "en": "Discard what you just wrote?",
    },
    "carnet.review.personal.discard_yes": {"fr": "Abandonner", "en": "Discard"},
    "carnet.review.personal.discard_no": {"fr": "Continuer à écrire", "en": "Keep writing"},
    "carnet.review.personal.not_saved": {
        "fr": "Pas enregistré — votre texte est toujours là :",
        "en": "Not saved — your text is still here:",
    },
    "carnet.review.save": {"fr": "Enregistrer", "en": "Save"},
    "carnet.review.cancel": {"fr": "Annuler", "en": "Cancel"},
    "carnet.review.problems.title": {
        "fr": "Le carnet n'a pas été modifié",
        "en": "The carnet was not changed",
    },
    "carnet.review.problems.reload_title": {
        "fr": "Le carnet n'a pas pu être relu",
        "en": "The carnet could not be read again",
    },
    "carnet.review.problems.hint": {
        "fr": "Corrigez le fichier à la ligne indiquée (r relit le carnet), puis recommencez.",
        "en": "Fix the file at the line shown (r reads the carnet again), then try again.",
    },
    "carnet.review.problems.close": {"fr": "Entrée ou Échap pour fermer", "en": "Enter or Esc to close"},
    # The command line.
    "carnet.review.cli.help": {
        "fr": "carnets de bord des participants : relire, compléter, exporter",
        "en": "the participants' logbooks: review, complete, export",
    },
    "carnet.review.cli.description": {
        "fr": (
            "codev carnet NOM ouvre le carnet de bord d'un participant : ses séances, la recherche, "
            "ses engagements (à mettre à jour) et son parcours ; ses enseignements, ressentis et progrès "
            "peuvent y être complétés. codev carnet export NOM en fait un document."
        ),
        "en": (
            "codev carnet NAME opens a participant's carnet de bord (logbook): their sessions, search, "
            "their commitments (to update) and their path; their learnings, feelings and progress can be "
            "completed there. codev carnet export NAME makes a document of it."
        ),
    },
    "carnet.review.cli.open.help": {
        "fr": "ouvrir un carnet pour le relire et le compléter (aussi : codev carnet NOM)",
        "en": "open a carnet to review and complete it (also: codev carnet NAME)",
    },
    "carnet.review.cli.open.description": {
        "fr": (
            "Ouvre le carnet de bord d'un participant dans l'interface. Sans --group, les carnets de "
            "tous ses groupes sont montrés ensemble, le groupe sur chaque ligne."
        ),
        "en": (
            "Open a participant's carnet de bord in the interface. Without --group, the carnets of all "
            "their groups are shown together, with the group on each row."
        ),
    },
    "carnet.review.cli.opt.group": {
        "fr": "seulement le carnet de ce groupe (par défaut : tous ses groupes, ensemble)",
        "en": "only the carnet of this group (default: all their groups, together)",
    },
}
