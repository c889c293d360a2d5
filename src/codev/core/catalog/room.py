"""Catalog section: what the room sees (the projected view, and the facilitator's screen)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    "room.speakers.client": {"fr": "{name} (client·e)", "en": "{name} (client)"},
    "room.speakers.facilitator": {"fr": "{name} (animation)", "en": "{name} (facilitator)"},
    "room.speakers.consultants": {"fr": "les consultants : {names}", "en": "the consultants: {names}"},
    "room.speakers.everyone": {"fr": "tout le groupe, chacun son tour", "en": "everyone, in turn"},
    "room.speakers.nobody": {"fr": "silence : personne ne parle", "en": "silence: nobody speaks"},
    "room.phase.not_started": {"fr": "pas commencée", "en": "not started"},
    "room.next_step": {"fr": "Ensuite : {title} ({minutes} min)", "en": "Next: {title} ({minutes} min)"},
    "room.session.late": {"fr": "retard {minutes} min", "en": "{minutes} min late"},
    "room.session.ahead": {"fr": "avance {minutes} min", "en": "{minutes} min ahead"},
    "room.session.end": {"fr": "fin prévue {time}", "en": "ends at {time}"},
    "room.zero.question": {
        "fr": "Temps écoulé : on passe à la suite ?",
        "en": "Time is up: shall we move on?",
    },
    "room.zero.joker": {"fr": "ou +{minutes}′", "en": "or +{minutes}′"},
    "room.zero.keys": {
        "fr": "Page↓ : étape suivante · Page↑ : +{minutes}′",
        "en": "PgDn: next step · PgUp: +{minutes}′",
    },
    "room.zero.keys_no_joker": {
        "fr": "Page↓ : étape suivante (joker déjà donné)",
        "en": "PgDn: next step (joker already granted)",
    },
    "room.speaking_now": {"fr": "▶ {name}", "en": "▶ {name}"},
    "room.speaking_next": {"fr": "ensuite : {name}", "en": "next: {name}"},
    "room.nobody_speaks": {
        "fr": "{who} — personne n'a la parole",
        "en": "{who} — nobody has the floor",
    },
    "room.forbidden": {"fr": "✗ Pas maintenant : {rules}", "en": "✗ Not now: {rules}"},
    "room.allowed": {"fr": "✓ Bienvenu : {rules}", "en": "✓ Welcome now: {rules}"},
    "room.who": {"fr": "Parole : {who}", "en": "Speaking: {who}"},
    "room.kind.question": {"fr": "Question", "en": "Question"},
    "room.kind.contract": {"fr": "Contrat", "en": "Contract"},
    "room.kind.suggestion": {"fr": "Suggestion", "en": "Suggestion"},
    "room.kind.action": {"fr": "Action", "en": "Action"},
    "room.kind.learning": {"fr": "Apprentissage", "en": "Learning"},
    "room.kind.feeling": {"fr": "Ressenti", "en": "Feeling"},
    "room.kind.progress": {"fr": "Progrès", "en": "Progress"},
    "room.kind.followup": {"fr": "Suivi", "en": "Follow-up"},
    "room.kind.case": {"fr": "Cas", "en": "Case"},
    "room.kind.note": {"fr": "Note", "en": "Note"},
    # The projected view (codev view).
    "room.view.waiting": {
        "fr": "En attente d'une séance dans {folder}…\nElle s'affichera ici dès qu'elle commence.",
        "en": "Waiting for a session in {folder}…\nIt will show here as soon as it starts.",
    },
    "room.view.ended": {"fr": "Séance terminée — merci !", "en": "Session over — thank you!"},
    "room.view.problem": {"fr": "Vue interrompue : {problem}", "en": "View interrupted: {problem}"},
}
