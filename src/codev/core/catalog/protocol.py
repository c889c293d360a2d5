"""Catalog section: protocols (loading, validation, listing)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Reading the file.
    "protocol.error.empty": {"fr": "le fichier est vide", "en": "the file is empty"},
    # Validation (pydantic's error types, then ours).
    "protocol.error.missing": {"fr": "champ obligatoire manquant", "en": "required field is missing"},
    "protocol.error.extra_forbidden": {
        "fr": "clé inconnue (faute de frappe ?)",
        "en": "unknown key (a typo?)",
    },
    "protocol.error.string_type": {"fr": "un texte est attendu", "en": "a text is expected"},
    "protocol.error.int_type": {"fr": "un nombre entier est attendu", "en": "a whole number is expected"},
    "protocol.error.float_type": {"fr": "un nombre est attendu", "en": "a number is expected"},
    "protocol.error.finite_number": {
        "fr": "un nombre fini est attendu (ni inf ni nan)",
        "en": "a finite number is expected (neither inf nor nan)",
    },
    "protocol.error.bool_type": {
        "fr": "true ou false est attendu",
        "en": "true or false is expected",
    },
    "protocol.error.list_type": {"fr": "une liste est attendue", "en": "a list is expected"},
    "protocol.error.model_type": {"fr": "une table est attendue", "en": "a table is expected"},
    "protocol.error.model_attributes_type": {"fr": "une table est attendue", "en": "a table is expected"},
    "protocol.error.dict_type": {"fr": "une table est attendue", "en": "a table is expected"},
    "protocol.error.greater_than": {"fr": "doit être supérieur à {gt}", "en": "must be greater than {gt}"},
    "protocol.error.greater_than_equal": {
        "fr": "doit être supérieur ou égal à {ge}",
        "en": "must be greater than or equal to {ge}",
    },
    "protocol.error.less_than_equal": {
        "fr": "doit être inférieur ou égal à {le}",
        "en": "must be less than or equal to {le}",
    },
    "protocol.error.string_too_short": {"fr": "ne doit pas être vide", "en": "must not be empty"},
    "protocol.error.string_too_long": {
        "fr": "trop long ({max_length} caractères au plus)",
        "en": "too long (at most {max_length} characters)",
    },
    "protocol.error.string_pattern_mismatch": {
        "fr": "identifiant invalide : minuscules, chiffres, « - » et « _ » seulement",
        "en": "invalid id: lowercase letters, digits, '-' and '_' only",
    },
    "protocol.error.enum": {
        "fr": "valeur inconnue ; valeurs possibles : {expected}",
        "en": "unknown value; expected one of: {expected}",
    },
    "protocol.error.too_short": {
        "fr": "au moins {min_length} élément(s) attendu(s)",
        "en": "at least {min_length} item(s) expected",
    },
    "protocol.error.too_long": {
        "fr": "{max_length} éléments au plus",
        "en": "at most {max_length} items",
    },
    "protocol.error.control_char": {
        "fr": "caractère de contrôle {char} interdit (il commanderait le terminal au lieu de s'afficher)",
        "en": "control character {char} is not allowed (it would drive the terminal instead of showing)",
    },
    "protocol.error.empty_text": {
        "fr": "donnez le texte en français (fr) ou en anglais (en)",
        "en": "give the text in French (fr) or English (en)",
    },
    "protocol.error.protected_with_floor": {
        "fr": "une étape protégée n'est jamais raccourcie : retirez min_minutes ou protected",
        "en": "a protected step is never shortened: remove min_minutes or protected",
    },
    "protocol.error.silent_turns": {
        "fr": "personne ne parle dans cette étape : pas de tour de table possible",
        "en": "nobody speaks in this step: a round is not possible",
    },
    "protocol.error.turns_who": {
        "fr": "seuls « consultants » ou « everyone » peuvent prendre la parole à tour de rôle",
        "en": "only 'consultants' or 'everyone' can take turns",
    },
    "protocol.error.floor_above_planned": {
        "fr": "min_minutes ({floor}) dépasse minutes ({planned})",
        "en": "min_minutes ({floor}) is more than minutes ({planned})",
    },
    "protocol.error.wrap_up_too_long": {
        "fr": "wrap_up_minutes ({wrap_up}) doit être inférieur à minutes ({planned})",
        "en": "wrap_up_minutes ({wrap_up}) must be less than minutes ({planned})",
    },
    "protocol.error.duplicate_item": {"fr": "un élément est répété", "en": "an item is listed twice"},
    "protocol.error.repeat_without_rounds": {
        "fr": (
            "une étape ne se répète que si le protocole dit combien de tours (rounds = 3 en tête du fichier)"
        ),
        "en": (
            "a step repeats only when the protocol says how many rounds (rounds = 3 at the top of the file)"
        ),
    },
    "protocol.error.rounds_without_repeat": {
        "fr": "aucune étape ne se répète : ajoutez repeat = true aux étapes d'un tour",
        "en": "no step repeats: add repeat = true to the steps of a round",
    },
    "protocol.error.round_beyond_rounds": {
        "fr": "le tour {round} dépasse les {rounds} tours",
        "en": "round {round} is beyond the {rounds} rounds",
    },
    "protocol.error.repeat_apart": {
        "fr": (
            "les étapes qui se répètent doivent se suivre (l'étape {between}, entre elles, ne se répète pas)"
        ),
        "en": "the steps that repeat must follow each other (step {between} between them does not repeat)",
    },
    "protocol.error.round_id_too_long": {
        "fr": "avec le numéro de tour, « {id} » dépasse 64 caractères",
        "en": "with its round number, '{id}' is longer than 64 characters",
    },
    "protocol.error.too_many_round_steps": {
        "fr": "{count} étapes une fois les tours répétés : {most} au plus",
        "en": "{count} steps once the rounds are repeated: at most {most}",
    },
    "protocol.round_title": {"fr": "Tour {round} — {title}", "en": "Round {round} — {title}"},
    "protocol.error.duplicate_step": {
        "fr": "l'identifiant d'étape « {id} » est déjà pris par l'étape {first}",
        "en": "step id '{id}' is already used by step {first}",
    },
    "protocol.error.format_too_new": {
        "fr": "format {found} plus récent que celui compris ici ({known}) : mettez codev à jour",
        "en": "format {found} is newer than this codev understands ({known}): update codev",
    },
    "protocol.error.id_mismatch": {
        "fr": "un autre fichier définit déjà le protocole « {id} » : {other}",
        "en": "another file already defines protocol '{id}': {other}",
    },
}

# The shared vocabulary of the method: who speaks, roles, kinds of notes.
MESSAGES.update(
    {
        "speakers.client": {"fr": "le client", "en": "the client"},
        "speakers.consultants": {"fr": "les consultants", "en": "the consultants"},
        "speakers.everyone": {"fr": "tout le monde", "en": "everyone"},
        "speakers.facilitator": {"fr": "l'animateur", "en": "the facilitator"},
        "speakers.nobody": {"fr": "personne (silence)", "en": "nobody (silence)"},
        "role.client": {"fr": "client", "en": "client"},
        "role.consultant": {"fr": "consultant", "en": "consultant"},
        "role.facilitator": {"fr": "animateur", "en": "facilitator"},
        "role.scribe": {"fr": "secrétaire", "en": "scribe"},
        "role.timekeeper": {"fr": "gardien du temps", "en": "timekeeper"},
        "role.observer": {"fr": "observateur", "en": "observer"},
        "note.kind.question": {"fr": "question", "en": "question"},
        "note.kind.contract": {"fr": "contrat", "en": "contract"},
        "note.kind.suggestion": {"fr": "suggestion", "en": "suggestion"},
        "note.kind.action": {"fr": "action", "en": "action"},
        "note.kind.learning": {"fr": "enseignement", "en": "learning"},
        "note.kind.feeling": {"fr": "ressenti", "en": "feeling"},
        "note.kind.progress": {"fr": "progrès", "en": "progress"},
        "note.kind.followup": {"fr": "suivi d'engagement", "en": "follow-up"},
        "note.kind.case": {"fr": "cas proposé", "en": "case pitched"},
        "note.kind.note": {"fr": "note", "en": "note"},
    }
)
