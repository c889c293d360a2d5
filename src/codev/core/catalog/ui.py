"""Catalog section: the terminal interface (keys, screens, dialogs)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Keys (footer, help screen, command palette).
    "key.toggle": {"fr": "démarrer/pause", "en": "start/pause"},
    "key.next": {"fr": "étape suivante", "en": "next step"},
    "key.previous": {"fr": "étape précédente", "en": "previous step"},
    "key.more": {"fr": "+1 min", "en": "+1 min"},
    "key.less": {"fr": "−1 min", "en": "−1 min"},
    "key.next_speaker": {"fr": "parole suivante", "en": "next speaker"},
    "key.previous_speaker": {"fr": "parole précédente", "en": "previous speaker"},
    "key.floor_nobody": {"fr": "parole à personne", "en": "floor to nobody"},
    "key.add_note": {"fr": "noter", "en": "add note"},
    "key.edit_notes": {"fr": "modifier les notes", "en": "edit notes"},
    "key.delete_note": {"fr": "supprimer", "en": "delete"},
    "key.skip": {"fr": "passer l'étape", "en": "skip step"},
    "key.catch_up": {"fr": "rattraper le retard", "en": "catch up"},
    "key.blank": {"fr": "écran noir", "en": "blank screen"},
    "key.focus": {"fr": "minuteur seul", "en": "timer only"},
    "key.help": {"fr": "aide", "en": "help"},
    "key.quit": {"fr": "quitter", "en": "quit"},
    "key.palette": {"fr": "commandes", "en": "commands"},
    "key.theme": {"fr": "thème (clair, sombre, contraste)", "en": "theme (light, dark, contrast)"},
    "key.yes": {"fr": "oui", "en": "yes"},
    "key.no": {"fr": "non", "en": "no"},
    "key.cancel": {"fr": "annuler", "en": "cancel"},
    "key.close": {"fr": "fermer", "en": "close"},
    "key.name.space": {"fr": "Espace", "en": "Space"},
    "key.name.escape": {"fr": "Échap", "en": "Esc"},
    "key.name.enter": {"fr": "Entrée", "en": "Enter"},
    "key.name.pageup": {"fr": "Page↑", "en": "PgUp"},
    "key.name.pagedown": {"fr": "Page↓", "en": "PgDn"},
    "key.name.delete": {"fr": "Suppr", "en": "Del"},
    "key.name.tab": {"fr": "Tab", "en": "Tab"},
    # Command palette and system commands.
    "ui.palette.placeholder": {"fr": "Chercher une commande…", "en": "Search for commands…"},
    "ui.palette.no_matches": {"fr": "Aucune commande trouvée", "en": "No matches found"},
    "ui.cmd.theme": {"fr": "Thème", "en": "Theme"},
    "ui.cmd.theme.help": {
        "fr": "Passer au thème suivant : projecteur (clair), sombre, contraste élevé",
        "en": "Go to the next theme: projector (light), dark, high contrast",
    },
    "ui.cmd.quit": {"fr": "Quitter", "en": "Quit"},
    "ui.cmd.quit.help": {
        "fr": "Quitter codev (la séance reste reprenable)",
        "en": "Quit codev (the session stays resumable)",
    },
    "ui.cmd.screenshot": {"fr": "Capture d'écran", "en": "Screenshot"},
    "ui.cmd.screenshot.help": {
        "fr": "Enregistrer l'écran en SVG dans l'espace de travail",
        "en": "Save the screen as SVG in the workspace",
    },
    "ui.screenshot.saved": {"fr": "Capture enregistrée : {path}", "en": "Screenshot saved: {path}"},
    "ui.screenshot.failed": {
        "fr": "Capture non enregistrée : {reason}",
        "en": "Screenshot not saved: {reason}",
    },
    # Unexpected errors the app carries on after (the journal holds every acknowledged command).
    "ui.error.kept": {
        "fr": "Erreur inattendue ({error}). codev continue : rien de ce qui est enregistré n'est perdu. "
        "Rapport : {report}",
        "en": "Unexpected error ({error}). codev carries on: nothing already saved is lost. Report: {report}",
    },
    "ui.error.kept_no_report": {
        "fr": "Erreur inattendue ({error}). codev continue : rien de ce qui est enregistré n'est perdu "
        "(le rapport n'a pas pu être écrit).",
        "en": "Unexpected error ({error}). codev carries on: nothing already saved is lost "
        "(no report could be written).",
    },
    "ui.live.carnets_not_saved": {
        "fr": "Carnets non enregistrés ({problem}). Rien n'est perdu : la séance est dans son journal, "
        "et les carnets seront réécrits à la prochaine note, dans une minute et à la fin.",
        "en": "Carnets not saved ({problem}). Nothing is lost: the session is in its journal, and the "
        "carnets will be written again at the next note, in a minute and at the end.",
    },
    # Dialogs.
    "ui.dialog.yes": {"fr": "Oui", "en": "Yes"},
    "ui.dialog.no": {"fr": "Non", "en": "No"},
    "ui.dialog.clicker_hint": {
        "fr": "Entrée ou Page↓ : oui · Échap ou Page↑ : non",
        "en": "Enter or PgDn: yes · Esc or PgUp: no",
    },
    # Help screen.
    "ui.help.title": {"fr": "Touches", "en": "Keys"},
    "ui.help.col.keys": {"fr": "Touches", "en": "Keys"},
    "ui.help.col.action": {"fr": "Action", "en": "Action"},
    "ui.help.clicker": {
        "fr": "Télécommande de présentation — elle suffit pour toute la séance : Page↓ démarre puis passe "
        "à l'étape suivante (et demande avant de terminer), Page↑ revient en arrière (et, le temps écoulé, "
        "donne le joker), F5 ou Échap met en pause et reprend, Maj+F5 donne la parole au suivant (ou accepte "
        "le plan de rattrapage), « b » ou « . » noircit l'écran de la salle. Écran de la salle : codev view "
        "dans une deuxième fenêtre (ou codev serve pour un navigateur).",
        "en": "Presenter clicker — it is enough for the whole session: PgDn starts then moves to the next "
        "step (and asks before finishing), PgUp goes back (and, once the time is up, grants the joker), F5 "
        "or Esc pauses and resumes, Shift+F5 gives the floor to the next speaker (or accepts the catch-up "
        "plan), 'b' or '.' blanks the room's screen. The room's screen: codev view in a second window (or "
        "codev serve for a browser).",
    },
    "ui.help.close": {"fr": "Échap pour revenir", "en": "Esc to go back"},
    # Live screen.
    "ui.live.rehearsal": {"fr": "RÉPÉTITION ×{speed}", "en": "REHEARSAL ×{speed}"},
    "ui.live.step_title": {"fr": "{number}/{total} · {title}", "en": "{number}/{total} · {title}"},
    "ui.live.press_start": {
        "fr": "Espace, F5 ou Page↓ pour commencer",
        "en": "Space, F5 or PgDn to start",
    },
    "ui.live.speakers": {"fr": "Parole : {who}", "en": "Who speaks: {who}"},
    "ui.live.forbidden": {"fr": "✗ Interdit : {rules}", "en": "✗ Not now: {rules}"},
    "ui.live.allowed": {"fr": "✓ Permis : {rules}", "en": "✓ Welcome: {rules}"},
    "ui.live.turn": {
        "fr": "▶ {speaker}   ensuite : {next}   (tour {round})",
        "en": "▶ {speaker}   next: {next}   (round {round})",
    },
    "ui.live.no_notes": {"fr": "Pas encore de note (touche a)", "en": "No notes yet (key a)"},
    "ui.live.more_notes": {"fr": "… et {count} plus anciennes", "en": "… and {count} older"},
    "ui.live.elapsed": {"fr": "Écoulé   {value}", "en": "Elapsed   {value}"},
    "ui.live.remaining": {"fr": "Restant  {value}", "en": "Remaining {value}"},
    "ui.live.forecast_end": {"fr": "Fin prévue {time}", "en": "Ends at   {time}"},
    "ui.live.late": {"fr": "En retard de {minutes} min", "en": "{minutes} min late"},
    "ui.live.ahead": {"fr": "En avance de {minutes} min", "en": "{minutes} min ahead"},
    "ui.live.catch_up.title": {
        "fr": "Retard {minutes} min — plan proposé :",
        "en": "{minutes} min late — proposed plan:",
    },
    "ui.live.catch_up.accept": {"fr": "c ou Maj+F5 : accepter", "en": "c or Shift+F5: accept"},
    "ui.live.catch_up.infeasible": {
        "fr": "Impossible de finir à l'heure : {minutes} min de trop même au minimum",
        "en": "Cannot end on time: {minutes} min over even at the minimum",
    },
    "ui.live.catch_up.accepted": {"fr": "Nouveau plan appliqué", "en": "New plan applied"},
    "ui.live.confirm_finish": {
        "fr": "C'était la dernière étape. Terminer la séance ?",
        "en": "That was the last step. End the session?",
    },
    "ui.live.confirm_previous": {
        "fr": "Revenir à l'étape précédente ? Le temps de cette étape reste compté.",
        "en": "Go back to the previous step? This step's time stays counted.",
    },
    "ui.live.confirm_quit": {
        "fr": "Quitter ? La séance est mise en pause et pourra être reprise.",
        "en": "Quit? The session is paused and can be resumed.",
    },
    "ui.live.blank_hint": {
        "fr": "Écran de la salle noir — b ou « . » pour revenir",
        "en": "Room screen blank — b or '.' to come back",
    },
    "ui.live.subject": {"fr": "« {subject} »", "en": "“{subject}”"},
    "ui.live.turn_round": {"fr": "Tour {round}", "en": "Round {round}"},
    "ui.live.floor_free": {
        "fr": "Personne n'a la parole · parole suivante : {name}",
        "en": "Nobody has the floor · next speaker: {name}",
    },
    "ui.live.role.client": {"fr": "Client·e", "en": "Client"},
    "ui.live.role.facilitator": {"fr": "Animation", "en": "Facilitator"},
    "ui.live.role.scribe": {"fr": "Secrétaire", "en": "Scribe"},
    "ui.live.role.timekeeper": {"fr": "Gardien·ne du temps", "en": "Timekeeper"},
    "ui.live.role.observer": {"fr": "Observation", "en": "Observer"},
    "ui.live.room.blank": {"fr": "SALLE : ÉCRAN NOIR", "en": "ROOM: BLANK"},
    "ui.live.room.timer": {"fr": "SALLE : MINUTEUR SEUL", "en": "ROOM: TIMER ONLY"},
    "key.joker": {"fr": "joker", "en": "joker"},
    "key.room_message": {"fr": "message à la salle", "en": "message to the room"},
    "key.room_notes": {"fr": "notes visibles par la salle", "en": "notes the room sees"},
    "key.consent": {"fr": "accord du client", "en": "client's consent"},
    "ui.consent.title": {
        "fr": "Ce que les carnets des autres gardent du récit de {client}",
        "en": "What the others' carnets keep of {client}'s account",
    },
    "ui.consent.question": {"fr": "la question", "en": "the question"},
    "ui.consent.contract": {"fr": "le contrat", "en": "the contract"},
    "ui.consent.suggestions": {"fr": "les suggestions reçues", "en": "the suggestions received"},
    "ui.consent.hint": {
        "fr": "Sans accord : le titre du sujet seulement. Le plan d'action reste toujours dans "
        "le carnet du client.\nEspace : cocher · Entrée : garder ce choix · Échap : annuler",
        "en": "Without consent: the subject's title only. The action plan always stays in the "
        "client's carnet.\nSpace: tick · Enter: keep this choice · Esc: cancel",
    },
    "key.keep": {"fr": "garder", "en": "keep"},
    "ui.room_notes.title": {
        "fr": "Notes que la salle voit sur son écran",
        "en": "Notes the room sees on its screen",
    },
    "ui.room_notes.hint": {
        "fr": "Espace : cocher · Entrée : garder ce choix · Échap : annuler",
        "en": "Space: tick · Enter: keep this choice · Esc: cancel",
    },
    "ui.message.title": {"fr": "Message à la salle", "en": "Message to the room"},
    "ui.message.placeholder": {
        "fr": "Pause — retour à 10 h 40 (vide : effacer)",
        "en": "Break — back at 10:40 (empty: clear)",
    },
    "ui.message.hint": {
        "fr": "Entrée : afficher · vide puis Entrée : effacer · Échap : annuler",
        "en": "Enter: show · empty then Enter: clear · Esc: cancel",
    },
    # Notes.
    "ui.note.title": {"fr": "Nouvelle note", "en": "New note"},
    "ui.note.title_edit": {"fr": "Modifier la note", "en": "Edit note"},
    "ui.note.author_placeholder": {
        "fr": "Auteur : numéro ou début du nom",
        "en": "Author: number or start of the name",
    },
    "ui.note.text_placeholder": {"fr": "Texte de la note, puis Entrée", "en": "The note, then Enter"},
    "ui.note.unknown_author": {
        "fr": "Auteur inconnu : tapez son numéro ou le début de son nom",
        "en": "Unknown author: type their number or the start of their name",
    },
    "ui.note.ambiguous_author": {
        "fr": "Plusieurs personnes correspondent : {names}. Tapez le numéro ou le nom exact.",
        "en": "Several people match: {names}. Type the number or the exact name.",
    },
    "ui.note.empty": {"fr": "La note est vide", "en": "The note is empty"},
    "ui.note.too_long": {
        "fr": "La note est trop longue : {length} caractères, {limit} au plus.",
        "en": "The note is too long: {length} characters, {limit} at most.",
    },
    # An action (the synthesis step's notes): the text is its objective, then three optional fields.
    "ui.note.objective_placeholder": {
        "fr": "Objectif de l'action (obligatoire), puis Entrée ou Tab",
        "en": "The action's objective (required), then Enter or Tab",
    },
    "ui.note.resources_placeholder": {
        "fr": "temps, personnes, moyens (facultatif)",
        "en": "time, people, means (optional)",
    },
    "ui.note.deadline_placeholder": {
        "fr": "JJ/MM/AAAA ou AAAA-MM-JJ (facultatif)",
        "en": "YYYY-MM-DD or DD/MM/YYYY (optional)",
    },
    "ui.note.indicator_placeholder": {
        "fr": "à quoi le client verra que c'est fait (facultatif)",
        "en": "how the client will know it is done (optional)",
    },
    "ui.note.detail_too_long": {
        "fr": "{field} : trop long, {length} caractères, {limit} au plus.",
        "en": "{field}: too long, {length} characters, {limit} at most.",
    },
    "ui.notes.action_deadline": {"fr": "échéance : {date}", "en": "deadline: {date}"},
    "ui.notes.title": {"fr": "Notes de l'étape", "en": "Notes of this step"},
    "ui.notes.hint": {
        "fr": "Entrée : modifier · Suppr : supprimer · Échap : fermer",
        "en": "Enter: edit · Del: delete · Esc: close",
    },
    "ui.notes.confirm_delete": {"fr": "Supprimer la note « {text} » ?", "en": "Delete the note “{text}”?"},
    # Set-up.
    "key.start_session": {"fr": "commencer la séance", "en": "start the session"},
    "ui.setup.title": {"fr": "Nouvelle séance de codéveloppement", "en": "New co-development session"},
    "ui.setup.group": {"fr": "Groupe", "en": "Group"},
    "ui.setup.group_placeholder": {
        "fr": "Nom du groupe (nouveau ou existant)",
        "en": "Group name (new or existing)",
    },
    "ui.setup.protocol": {"fr": "Protocole", "en": "Protocol"},
    "ui.setup.date": {"fr": "Date (AAAA-MM-JJ)", "en": "Date (YYYY-MM-DD)"},
    "ui.setup.number": {"fr": "Séance n°", "en": "Session no."},
    "ui.setup.present": {"fr": "Présents (Espace pour cocher)", "en": "Present (Space to tick)"},
    "ui.setup.add_member_placeholder": {
        "fr": "Ajouter un membre, puis Entrée",
        "en": "Add a member, then Enter",
    },
    "ui.setup.add_member": {"fr": "Ajouter", "en": "Add"},
    "ui.setup.client": {"fr": "Client (porteur du sujet)", "en": "Client (brings the case)"},
    "ui.setup.client_hint": {
        "fr": "Pas encore clients dans ce groupe : {names}",
        "en": "Not yet client in this group: {names}",
    },
    "ui.setup.subject": {"fr": "Sujet du client", "en": "The client's subject"},
    "ui.setup.subject_placeholder": {"fr": "Titre court du sujet", "en": "A short title for the case"},
    "ui.setup.facilitator": {"fr": "Animateur", "en": "Facilitator"},
    "ui.setup.scribe": {"fr": "Secrétaire (facultatif)", "en": "Scribe (optional)"},
    "ui.setup.timekeeper": {"fr": "Gardien du temps (facultatif)", "en": "Timekeeper (optional)"},
    "ui.setup.observers": {
        "fr": "Observateurs (facultatif, Espace pour cocher)",
        "en": "Observers (optional, Space to tick)",
    },
    "ui.setup.choose": {"fr": "Choisir…", "en": "Choose…"},
    "ui.setup.nobody": {"fr": "Personne", "en": "Nobody"},
    "ui.setup.start": {"fr": "Commencer la séance (Ctrl+S)", "en": "Start the session (Ctrl+S)"},
    "ui.setup.error.group": {"fr": "Donnez un nom au groupe.", "en": "Give the group a name."},
    "ui.setup.error.date": {"fr": "Date invalide : AAAA-MM-JJ.", "en": "Invalid date: YYYY-MM-DD."},
    "ui.setup.error.people": {
        "fr": "Il faut au moins deux personnes présentes.",
        "en": "At least two people must be present.",
    },
    "ui.setup.error.client": {"fr": "Choisissez le client.", "en": "Choose the client."},
    "ui.setup.error.facilitator": {"fr": "Choisissez l'animateur.", "en": "Choose the facilitator."},
    # Summary.
    "key.close_summary": {"fr": "terminer", "en": "done"},
    "ui.summary.title": {"fr": "Séance terminée — {group}, {date}", "en": "Session over — {group}, {date}"},
    "ui.summary.timing": {"fr": "Prévu / réel par étape", "en": "Planned / actual per step"},
    "ui.summary.airtime": {"fr": "Temps de parole", "en": "Airtime"},
    "ui.summary.contract": {"fr": "Contrat du client", "en": "The client's contract"},
    "ui.summary.actions": {"fr": "Plan d'action", "en": "Action plan"},
    "ui.summary.learnings": {"fr": "Enseignements et ressentis", "en": "Learnings and feelings"},
    "ui.summary.none": {"fr": "(rien de noté)", "en": "(nothing written)"},
    "ui.summary.files": {"fr": "Carnets de bord écrits", "en": "Carnets written"},
    "ui.summary.no_files": {"fr": "Aucun (répétition ou démonstration)", "en": "None (rehearsal or demo)"},
    "ui.summary.kept_aside": {
        "fr": "{file} — pas écrit : mis de côté dans {pending}",
        "en": "{file} — not written: kept aside in {pending}",
    },
    # Start-up and resuming.
    "ui.start.loading": {"fr": "Ouverture de l'espace de travail…", "en": "Opening the workspace…"},
    "key.new_session": {"fr": "nouvelle séance", "en": "new session"},
    "ui.resume.title": {
        "fr": "Une séance n'est pas terminée. La reprendre ?",
        "en": "A session is not finished. Resume it?",
    },
    "ui.resume.item": {
        "fr": "{group} — {subject} — arrêtée le {when}, étape {number}/{total} ({step})",
        "en": "{group} — {subject} — stopped {when}, step {number}/{total} ({step})",
    },
    "ui.resume.new": {"fr": "Non : commencer une nouvelle séance", "en": "No: start a new session"},
    "ui.resume.hint": {
        "fr": "Entrée : choisir · S : mettre de côté (gardée, plus proposée) · Échap : nouvelle séance",
        "en": "Enter: choose · S: set aside (kept, no longer offered) · Esc: new session",
    },
    "ui.resume.downtime": {
        "fr": "Le minuteur tournait quand codev s'est arrêté (à {time}). "
        "Le groupe a-t-il continué pendant ce temps ?",
        "en": "The timer was running when codev stopped (at {time}). Did the group carry on meanwhile?",
    },
    "ui.resume.downtime_yes": {"fr": "Oui : compter ce temps", "en": "Yes: count that time"},
    "ui.resume.downtime_no": {"fr": "Non : reprendre où l'on en était", "en": "No: resume where we were"},
    # Follow-up of earlier commitments (opening step).
    "key.followup": {"fr": "suivi des engagements", "en": "follow up commitments"},
    "ui.followup.title": {
        "fr": "Où en est cet engagement ?",
        "en": "How did this commitment go?",
    },
    "ui.followup.panel": {
        "fr": "Engagements des séances précédentes (touche o) :",
        "en": "Commitments from earlier sessions (key o):",
    },
    "ui.followup.item": {"fr": "{name} : {objective} ({date})", "en": "{name}: {objective} ({date})"},
    "ui.followup.deadline": {"fr": "échéance : {date}", "en": "deadline: {date}"},
    "ui.followup.indicator": {"fr": "indicateur : {text}", "en": "indicator: {text}"},
    "ui.followup.outcome.done": {"fr": "fait", "en": "done"},
    "ui.followup.outcome.partly": {"fr": "en partie", "en": "partly"},
    "ui.followup.outcome.not_yet": {"fr": "pas encore", "en": "not yet"},
    "ui.followup.outcome.dropped": {"fr": "abandonné", "en": "dropped"},
    "ui.followup.not_told": {"fr": "à entendre", "en": "to hear"},
    "ui.followup.comment_placeholder": {
        "fr": "Ce qui s'est passé, en quelques mots, puis Entrée",
        "en": "What happened, in a few words, then Enter",
    },
    "ui.followup.hint": {
        "fr": "Choisir l'engagement, puis 1–4 pour le résultat, un mot, Entrée",
        "en": "Pick the commitment, then 1–4 for the outcome, a word, Enter",
    },
}
