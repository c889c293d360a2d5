"""Catalog section: the session engine (statuses, refused commands, the journal)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Statuses and phases, for the UI to show.
    "engine.status.not_started": {"fr": "pas commencée", "en": "not started"},
    "engine.status.running": {"fr": "en cours", "en": "running"},
    "engine.status.paused": {"fr": "en pause", "en": "paused"},
    "engine.status.finished": {"fr": "terminée", "en": "finished"},
    "engine.status.abandoned": {"fr": "abandonnée", "en": "abandoned"},
    "engine.step_status.ready": {"fr": "à venir", "en": "to come"},
    "engine.step_status.running": {"fr": "en cours", "en": "running"},
    "engine.step_status.paused": {"fr": "en pause", "en": "paused"},
    "engine.step_status.done": {"fr": "faite", "en": "done"},
    "engine.step_status.skipped": {"fr": "passée", "en": "skipped"},
    "engine.phase.normal": {"fr": "en cours", "en": "on time"},
    "engine.phase.wrap_up": {"fr": "conclure", "en": "wrap up"},
    "engine.phase.overtime": {"fr": "dépassement", "en": "overtime"},
    # Session setup (the UI should prevent these; they name the faulty value).
    "engine.setup.bad_name": {
        "fr": "nom ou identifiant invalide : {value} (vide, caractères de contrôle, "
        "ou plus de {limit} caractères)",
        "en": "invalid name or id: {value} (empty, control characters, or more than {limit} characters)",
    },
    "engine.setup.duplicate_id": {
        "fr": "l'identifiant de participant « {id} » est utilisé deux fois",
        "en": "participant id “{id}” is used twice",
    },
    "engine.setup.round_clients_count": {
        "fr": "{rounds} tours demandent {rounds} clients, un par tour ({given} donnés)",
        "en": "{rounds} rounds need {rounds} clients, one per round ({given} given)",
    },
    "engine.setup.no_rounds": {
        "fr": "ce protocole n'a pas de tours : il n'a pas de client par tour",
        "en": "this protocol has no rounds: it has no client per round",
    },
    "engine.setup.unknown_id": {
        "fr": "« {id} » ne fait pas partie des participants",
        "en": "“{id}” is not one of the participants",
    },
    # People's and groups' names (codev.core.people), shown on the set-up form.
    "engine.setup.name_empty": {
        "fr": "Nom vide : tapez au moins une lettre, un chiffre ou un emoji.",
        "en": "Empty name: type at least one letter, digit or emoji.",
    },
    "engine.setup.name_control": {
        "fr": "Nom refusé : {value} contient des caractères de contrôle (échappement, sonnerie, "
        "caractère nul…), que l'écran et les carnets ne peuvent pas montrer. Retapez-le.",
        "en": "Name refused: {value} contains control characters (escape, bell, null…), "
        "which the screen and the carnets cannot show. Type it again.",
    },
    "engine.setup.name_invisible": {
        "fr": "Nom refusé : {value} n'a que des caractères invisibles (espaces, caractères "
        "de largeur nulle, accents seuls) : personne ne le verrait.",
        "en": "Name refused: {value} has only invisible characters (spaces, zero-width "
        "characters, lone accents): nobody would see it.",
    },
    "engine.setup.name_too_long": {
        "fr": "Nom refusé : plus de {limit} caractères.",
        "en": "Name refused: more than {limit} characters.",
    },
    "engine.setup.duplicate_name": {
        "fr": "« {name} » est déjà dans la liste. Pour une autre personne du même nom, "
        "ajoutez par exemple une initiale.",
        "en": "“{name}” is already on the list. For another person of the same name, "
        "add an initial for instance.",
    },
    # Roles: what a protocol demands, who may hold two roles.
    "engine.setup.needs_client": {
        "fr": "Ce protocole demande un client : choisissez-le.",
        "en": "This protocol needs a client: choose one.",
    },
    "engine.setup.needs_facilitator": {
        "fr": "Ce protocole demande un animateur : choisissez-le.",
        "en": "This protocol needs a facilitator: choose one.",
    },
    "engine.setup.client_facilitates": {
        "fr": "{name} ne peut pas être à la fois client et animateur dans ce protocole : "
        "choisissez un autre animateur.",
        "en": "{name} cannot be both the client and the facilitator in this protocol: "
        "choose another facilitator.",
    },
    "engine.setup.observer_is_client": {
        "fr": "{name} ne peut pas observer : c'est le client de la séance.",
        "en": "{name} cannot observe: they are the client.",
    },
    "engine.setup.observer_is_facilitator": {
        "fr": "{name} ne peut pas observer : c'est l'animateur de la séance.",
        "en": "{name} cannot observe: they are the facilitator.",
    },
    # Refused commands: why, in words the facilitator understands.
    "engine.refuse.not_saved": {
        "fr": "Non enregistré, rien n'a changé : {reason}",
        "en": "Not saved, nothing changed: {reason}",
    },
    "engine.refuse.joker_used": {
        "fr": "Le joker de l'étape « {step} » a déjà été donné.",
        "en": "The joker of step “{step}” was already granted.",
    },
    "engine.refuse.joker_early": {
        "fr": "Le joker se donne quand le temps de l'étape est écoulé.",
        "en": "The joker is granted once the step's time is up.",
    },
    "engine.refuse.not_started": {
        "fr": "La séance n'a pas encore commencé.",
        "en": "The session has not started yet.",
    },
    "engine.refuse.already_started": {
        "fr": "La séance a déjà commencé.",
        "en": "The session has already started.",
    },
    "engine.refuse.over": {"fr": "La séance est terminée.", "en": "The session is over."},
    "engine.refuse.abandoned": {
        "fr": "La séance a été abandonnée : ses notes ne se modifient plus.",
        "en": "The session was abandoned: its notes can no longer change.",
    },
    "engine.refuse.already_paused": {
        "fr": "Le chrono est déjà en pause.",
        "en": "The timer is already paused.",
    },
    "engine.refuse.not_paused": {"fr": "Le chrono n'est pas en pause.", "en": "The timer is not paused."},
    "engine.refuse.last_step": {
        "fr": "C'est la dernière étape : terminez la séance.",
        "en": "This is the last step: finish the session.",
    },
    "engine.refuse.first_step": {
        "fr": "C'est la première étape : il n'y a pas d'étape précédente.",
        "en": "This is the first step: there is no previous step.",
    },
    "engine.refuse.not_optional": {
        "fr": "L'étape « {step} » n'est pas facultative : on ne peut pas la passer.",
        "en": "The step “{step}” is not optional: it cannot be skipped.",
    },
    "engine.refuse.zero_time": {
        "fr": "Indiquez un temps à ajouter ou à retirer.",
        "en": "Give an amount of time to add or remove.",
    },
    "engine.refuse.no_time_left": {
        "fr": "Il ne reste plus de temps à retirer sur cette étape.",
        "en": "There is no time left to remove from this step.",
    },
    "engine.refuse.too_long": {
        "fr": "Une étape ne peut pas durer plus de {hours} heures.",
        "en": "A step cannot last more than {hours} hours.",
    },
    "engine.refuse.no_turns": {
        "fr": "Cette étape ne se fait pas par tours de parole.",
        "en": "This step has no speaking turns.",
    },
    "engine.refuse.no_speakers": {
        "fr": "Personne à qui donner la parole dans cette étape.",
        "en": "Nobody to give the floor to in this step.",
    },
    "engine.refuse.first_turn": {
        "fr": "C'est le premier tour de parole.",
        "en": "This is the first speaking turn.",
    },
    "engine.refuse.nobody_speaks": {
        "fr": "Personne n'a la parole.",
        "en": "Nobody has the floor.",
    },
    "engine.refuse.already_speaking": {
        "fr": "{name} a déjà la parole.",
        "en": "{name} already has the floor.",
    },
    "engine.refuse.not_in_round": {
        "fr": "{name} ne prend pas la parole dans ce tour de table.",
        "en": "{name} does not take a turn in this round.",
    },
    "engine.refuse.unknown_participant": {
        "fr": "Participant inconnu : {id}.",
        "en": "Unknown participant: {id}.",
    },
    "engine.refuse.unknown_step": {"fr": "Étape inconnue : {id}.", "en": "Unknown step: {id}."},
    "engine.refuse.unknown_note": {"fr": "Note introuvable : {id}.", "en": "Note not found: {id}."},
    "engine.refuse.empty_note": {"fr": "La note est vide.", "en": "The note is empty."},
    "engine.refuse.note_too_long": {
        "fr": "La note est trop longue ({limit} caractères au plus).",
        "en": "The note is too long (at most {limit} characters).",
    },
    "engine.refuse.nothing_to_edit": {"fr": "Rien à modifier.", "en": "Nothing to change."},
    "engine.refuse.details_not_action": {
        "fr": "Seule une action a des ressources, une échéance et un indicateur.",
        "en": "Only an action has resources, a deadline and an indicator.",
    },
    "engine.refuse.resources_too_long": {
        "fr": "Les ressources de l'action sont trop longues ({limit} caractères au plus).",
        "en": "The action's resources are too long (at most {limit} characters).",
    },
    "engine.refuse.indicator_too_long": {
        "fr": "L'indicateur de l'action est trop long ({limit} caractères au plus).",
        "en": "The action's indicator is too long (at most {limit} characters).",
    },
    # An action's deadline: in a command (ISO only), and as typed in a dialog.
    "engine.command.bad_deadline": {
        "fr": "échéance invalide : {value} (une date écrite AAAA-MM-JJ, par exemple 2025-02-10)",
        "en": "invalid deadline: {value} (a date written YYYY-MM-DD, e.g. 2025-02-10)",
    },
    "engine.deadline.invalid": {
        "fr": "« {value} » n'est pas une date : JJ/MM/AAAA ou AAAA-MM-JJ (10/02/2025, 2025-02-10).",
        "en": "'{value}' is not a date: YYYY-MM-DD or DD/MM/YYYY (2025-02-10, 10/02/2025).",
    },
    "engine.refuse.on_time": {
        "fr": "La séance est dans les temps : rien à rattraper.",
        "en": "The session is on time: nothing to catch up.",
    },
    "engine.refuse.nothing_to_cut": {
        "fr": "Aucune étape à venir ne peut être raccourcie : impossible de rattraper le retard.",
        "en": "No step to come can be shortened: the delay cannot be caught up.",
    },
    "engine.refuse.plan_step": {
        "fr": "L'étape « {step} » n'est plus à venir : le plan ne peut pas la modifier.",
        "en": "The step “{step}” is not to come any more: the plan cannot change it.",
    },
    "engine.refuse.plan_floor": {
        "fr": "L'étape « {step} » ne peut pas descendre sous {minutes} min.",
        "en": "The step “{step}” cannot go below {minutes} min.",
    },
    # The journal.
    "engine.journal.torn_tail": {
        "fr": "{file}, ligne {line} : dernier enregistrement incomplet (arrêt brutal ?), ignoré ; "
        "tout ce qui précède est conservé.",
        "en": "{file}, line {line}: incomplete last record (abrupt stop?), ignored; "
        "everything before it is kept.",
    },
    "engine.journal.torn_saved": {
        "fr": "Les octets ignorés sont conservés dans {file}.",
        "en": "The ignored bytes are kept in {file}.",
    },
    "engine.journal.detail.json": {"fr": "JSON invalide", "en": "invalid JSON"},
    "engine.journal.detail.nested": {
        "fr": "JSON imbriqué trop profondément",
        "en": "JSON nested too deeply",
    },
    "engine.journal.detail.time": {
        "fr": "heure impossible ({value}), pas une date écrite par codev",
        "en": "impossible time ({value}), not a date codev wrote",
    },
    "engine.journal.error.unexpected": {
        "fr": "{file} : lecture impossible (erreur inattendue : {error}). Le fichier n'a pas été modifié.",
        "en": "{file}: cannot be read (unexpected error: {error}). The file was left untouched.",
    },
    "engine.journal.detail.field": {
        "fr": "champ {field} : {problem}",
        "en": "field {field}: {problem}",
    },
    "engine.journal.error.unreadable": {
        "fr": "{file} : lecture impossible ({reason}).",
        "en": "{file}: cannot read ({reason}).",
    },
    "engine.journal.error.empty": {
        "fr": "{file} : journal de séance vide (pas d'en-tête). Le fichier n'a pas été modifié.",
        "en": "{file}: empty session journal (no header). The file was left untouched.",
    },
    "engine.journal.error.header": {
        "fr": "{file}, ligne 1 : en-tête de séance illisible ({detail}). Le fichier n'a pas été modifié.",
        "en": "{file}, line 1: unreadable session header ({detail}). The file was left untouched.",
    },
    "engine.journal.error.too_new": {
        "fr": "{file} : journal écrit par une version plus récente de codev (format {found}, "
        "celle-ci lit le format {known}). Le fichier n'a pas été modifié.",
        "en": "{file}: journal written by a newer codev (format {found}, this one reads format "
        "{known}). The file was left untouched.",
    },
    "engine.journal.error.record": {
        "fr": "{file}, ligne {line} : enregistrement illisible ({detail}). Le fichier n'a pas été modifié.",
        "en": "{file}, line {line}: unreadable record ({detail}). The file was left untouched.",
    },
    "engine.journal.error.sequence": {
        "fr": "{file}, ligne {line} : enregistrement n° {found} au lieu du n° {expected} "
        "(lignes manquantes ou dupliquées). Le fichier n'a pas été modifié.",
        "en": "{file}, line {line}: record number {found} instead of {expected} "
        "(missing or duplicated lines). The file was left untouched.",
    },
    "engine.journal.error.refused": {
        "fr": "{file}, ligne {line} : commande impossible à rejouer ({reason}). "
        "Le fichier n'a pas été modifié.",
        "en": "{file}, line {line}: command cannot be replayed ({reason}). The file was left untouched.",
    },
    "engine.journal.error.write": {
        "fr": "Impossible d'écrire dans le journal {file} ({reason}) : la commande n'a pas été appliquée.",
        "en": "Cannot write to the journal {file} ({reason}): the command was not applied.",
    },
    "engine.journal.error.create": {
        "fr": "Impossible de créer le journal de séance {file} ({reason}) : la séance n'a pas commencé.",
        "en": "Cannot create the session journal {file} ({reason}): the session was not started.",
    },
    "engine.journal.error.set_aside": {
        "fr": "{file} : le dernier enregistrement incomplet n'a pas pu être mis de côté ({reason}) ; "
        "le journal n'a pas été modifié et peut être repris une fois le problème réglé.",
        "en": "{file}: the incomplete last record could not be set aside ({reason}); the journal "
        "was left untouched and can be resumed once the problem is solved.",
    },
    "engine.journal.error.in_use": {
        "fr": "{file} est déjà ouvert par un autre codev.",
        "en": "{file} is already open in another codev.",
    },
    "engine.journal.error.over": {
        "fr": "{file} : cette séance est {status}, elle ne peut pas être reprise.",
        "en": "{file}: this session is {status}, it cannot be resumed.",
    },
    "engine.journal.error.closed": {
        "fr": "Le journal {file} est fermé.",
        "en": "The journal {file} is closed.",
    },
}
