"""Catalog section: the protocol editor (``codev protocol new | edit`` and its screen)."""

from codev.core.catalog._types import Entry

MESSAGES: dict[str, Entry] = {
    # Command line.
    "editor.cli.new.help": {
        "fr": "copier un protocole dans l'espace de travail pour l'adapter",
        "en": "copy a protocol into the workspace to adapt it",
    },
    "editor.cli.new.id": {"fr": "identifiant de la copie", "en": "id of the copy"},
    "editor.cli.new.from": {
        "fr": "protocole à copier, intégré ou de l'équipe (par défaut : codev)",
        "en": "protocol to copy, built-in or workspace (default: codev)",
    },
    "editor.cli.new.done": {
        "fr": "{path} créé, copie de « {source} ». Pour l'adapter : codev protocol edit {id}",
        "en": "{path} created, a copy of '{source}'. To adapt it: codev protocol edit {id}",
    },
    "editor.cli.edit.help": {
        "fr": "modifier un protocole dans l'éditeur plein écran",
        "en": "edit a protocol in the full-screen editor",
    },
    "editor.cli.rehearse.help": {
        "fr": "répéter un protocole sur l'écran de l'animateur (séance de démo, rien n'est gardé)",
        "en": "rehearse a protocol on the facilitator's screen (demo session, nothing is kept)",
    },
    "editor.cli.metavar.id": {"fr": "ID", "en": "ID"},
    "editor.cli.metavar.source": {"fr": "SOURCE", "en": "SOURCE"},
    # Errors of the headless part (copy, open, save).
    "editor.error.bad_id": {
        "fr": "identifiant invalide : « {id} » (minuscules, chiffres, « - » et « _ », 64 caractères au plus)",
        "en": "invalid id: '{id}' (lowercase letters, digits, '-' and '_', at most 64 characters)",
    },
    "editor.error.exists": {
        "fr": "{path} existe déjà : rien n'a été écrasé. Choisissez un autre identifiant.",
        "en": "{path} already exists: nothing was overwritten. Choose another id.",
    },
    "editor.error.copy_exists": {
        "fr": "{path} existe déjà dans l'espace de travail : changez l'identifiant du protocole, "
        "ou ouvrez ce fichier (codev protocol edit {path}).",
        "en": "{path} already exists in the workspace: change the protocol's id, "
        "or open that file (codev protocol edit {path}).",
    },
    "editor.error.id_taken": {
        "fr": "le protocole « {id} » existe déjà dans l'espace de travail : {path}",
        "en": "protocol '{id}' already exists in the workspace: {path}",
    },
    "editor.error.builtin_folder": {
        "fr": "le dossier protocols/ de cet espace de travail est la bibliothèque intégrée ({folder}) : "
        "un protocole intégré n'y est jamais modifié. Choisissez un autre espace (--workspace).",
        "en": "this workspace's protocols/ folder is the built-in library ({folder}): a built-in protocol "
        "is never modified there. Choose another workspace (--workspace).",
    },
    "editor.error.write": {
        "fr": "impossible d'écrire {path} : {reason}",
        "en": "cannot write {path}: {reason}",
    },
    "editor.error.last_step": {
        "fr": "un protocole garde au moins une étape",
        "en": "a protocol keeps at least one step",
    },
    # What a new step starts with (ids are ASCII: no accent in "etape").
    "editor.new_step.id": {"fr": "etape", "en": "step"},
    "editor.new_step.title": {"fr": "Nouvelle étape", "en": "New step"},
    "editor.new_step.instructions": {"fr": "À décrire.", "en": "To be described."},
    # Keys.
    "key.editor.save": {"fr": "enregistrer", "en": "save"},
    "key.editor.quit": {"fr": "quitter", "en": "quit"},
    "key.editor.add": {"fr": "ajouter", "en": "add"},
    "key.editor.duplicate": {"fr": "dupliquer", "en": "duplicate"},
    "key.editor.remove": {"fr": "supprimer", "en": "remove"},
    "key.editor.move": {"fr": "déplacer", "en": "move"},
    "key.editor.move_up": {"fr": "monter", "en": "move up"},
    "key.editor.move_down": {"fr": "descendre", "en": "move down"},
    "key.editor.steps": {"fr": "liste des étapes", "en": "step list"},
    "key.editor.edit": {"fr": "modifier", "en": "edit"},
    "key.editor.preview": {"fr": "répétition", "en": "rehearse"},
    "key.editor.save_choice": {"fr": "enregistrer", "en": "save"},
    "key.editor.discard_choice": {"fr": "abandonner", "en": "discard"},
    # The command palette.
    "editor.cmd.save": {"fr": "Enregistrer le protocole", "en": "Save the protocol"},
    "editor.cmd.add": {"fr": "Ajouter une étape", "en": "Add a step"},
    "editor.cmd.duplicate": {"fr": "Dupliquer l'étape", "en": "Duplicate the step"},
    "editor.cmd.remove": {"fr": "Supprimer l'étape", "en": "Remove the step"},
    "editor.cmd.move_up": {"fr": "Monter l'étape", "en": "Move the step up"},
    "editor.cmd.move_down": {"fr": "Descendre l'étape", "en": "Move the step down"},
    "editor.cmd.preview": {
        "fr": "Répéter le protocole sur l'écran de l'animateur",
        "en": "Rehearse the protocol on the facilitator's screen",
    },
    "editor.cmd.remove_unknown": {
        "fr": "Retirer les clés inconnues du fichier",
        "en": "Remove the unknown keys from the file",
    },
    "editor.cmd.key": {"fr": "touche {key}", "en": "key {key}"},
    "editor.unknown_hint": {
        "fr": "→ Ctrl+P, « Retirer les clés inconnues » les enlève du fichier.",
        "en": "→ Ctrl+P, 'Remove the unknown keys' takes them out of the file.",
    },
    "editor.unknown_removed": {
        "fr": "{count} clé(s) inconnue(s) retirée(s)",
        "en": "{count} unknown key(s) removed",
    },
    # The screen.
    "editor.title": {"fr": "Éditeur de protocole", "en": "Protocol editor"},
    "editor.target.file": {"fr": "fichier : {path}", "en": "file: {path}"},
    "editor.target.builtin": {
        "fr": "intégré : l'enregistrement crée {path}",
        "en": "built-in: saving creates {path}",
    },
    "editor.modified": {"fr": "● modifié", "en": "● modified"},
    "editor.steps": {"fr": "Étapes", "en": "Steps"},
    "editor.protocol_row": {"fr": "Protocole (titre, rôles…)", "en": "Protocol (title, roles…)"},
    "editor.optional_mark": {"fr": "facultative", "en": "optional"},
    "editor.total": {
        "fr": "Total {total} · {steps} étape(s)",
        "en": "Total {total} · {steps} step(s)",
    },
    "editor.total_optional": {
        "fr": "dont {optional} facultatives",
        "en": "of which {optional} optional",
    },
    "editor.valid": {"fr": "✓ protocole valide", "en": "✓ valid protocol"},
    "editor.invalid": {
        "fr": "✗ {count} problème(s) : enregistrement impossible",
        "en": "✗ {count} problem(s): cannot save yet",
    },
    "editor.other_problems": {"fr": "Autres problèmes :", "en": "Other problems:"},
    "editor.problem_in_step": {"fr": "étape {number} : {message}", "en": "step {number}: {message}"},
    "editor.saved": {"fr": "Enregistré : {path}", "en": "Saved: {path}"},
    "editor.saved_copy": {
        "fr": "Copie enregistrée dans l'espace de travail : {path} (l'intégré reste intact)",
        "en": "Copy saved in the workspace: {path} (the built-in stays untouched)",
    },
    "editor.not_saved": {
        "fr": "Non enregistré : le protocole a {count} problème(s). Le premier : {problem}",
        "en": "Not saved: the protocol has {count} problem(s). The first: {problem}",
    },
    "editor.nothing_to_save": {"fr": "Rien à enregistrer", "en": "Nothing to save"},
    "editor.cannot_preview": {
        "fr": "Répétition impossible : corrigez d'abord les problèmes du protocole",
        "en": "Cannot rehearse: fix the protocol's problems first",
    },
    "editor.rehearsal_done": {
        "fr": "Fin de la répétition : rien n'a été écrit dans les carnets",
        "en": "Rehearsal over: nothing was written to the carnets",
    },
    "editor.rehearsal_unavailable": {
        "fr": "Répétition impossible ici : lancez codev protocol rehearse FICHIER dans un terminal",
        "en": "Cannot rehearse here: run codev protocol rehearse FILE in a terminal",
    },
    "editor.hint": {
        "fr": "Tab : champ suivant · Échap : retour à la liste",
        "en": "Tab: next field · Esc: back to the list",
    },
    # Form sections and fields (the TOML key is shown next to each label).
    "editor.section.protocol": {"fr": "Protocole", "en": "Protocol"},
    "editor.section.step": {"fr": "Étape {number}", "en": "Step {number}"},
    "editor.section.timing": {"fr": "Durées (minutes)", "en": "Timing (minutes)"},
    "editor.section.rules": {"fr": "Règles de l'étape", "en": "Rules of the step"},
    "editor.field.id": {"fr": "Identifiant", "en": "Id"},
    "editor.field.title": {"fr": "Titre", "en": "Title"},
    "editor.field.description": {"fr": "Description", "en": "Description"},
    "editor.field.version": {"fr": "Version", "en": "Version"},
    "editor.field.author": {"fr": "Auteur", "en": "Author"},
    "editor.field.roles": {"fr": "Rôles", "en": "Roles"},
    "editor.field.format": {"fr": "Version du format", "en": "Format version"},
    "editor.field.protocol_wrap_up": {
        "fr": "Conclusion par défaut (min restantes)",
        "en": "Default wrap-up (minutes left)",
    },
    "editor.field.minutes": {"fr": "Prévu", "en": "Planned"},
    "editor.field.min_minutes": {"fr": "Plancher", "en": "Floor"},
    "editor.field.wrap_up": {"fr": "Conclusion", "en": "Wrap-up"},
    "editor.field.speakers": {"fr": "Qui a la parole", "en": "Who speaks"},
    "editor.field.optional": {"fr": "Étape facultative", "en": "Optional step"},
    "editor.field.turns": {"fr": "Tour de table", "en": "Round the table"},
    "editor.field.turns_seconds": {"fr": "Secondes par tour", "en": "Seconds per turn"},
    "editor.field.notes": {"fr": "Notes recueillies", "en": "Notes collected"},
    "editor.field.instructions": {"fr": "Consignes", "en": "Instructions"},
    "editor.field.purpose": {"fr": "But de l'étape", "en": "Purpose"},
    "editor.field.allowed": {"fr": "Permis (un par ligne)", "en": "Allowed (one per line)"},
    "editor.field.forbidden": {"fr": "Interdit (un par ligne)", "en": "Forbidden (one per line)"},
    "editor.field.prompts": {
        "fr": "Relances de l'animateur (une par ligne)",
        "en": "Facilitator's prompts (one per line)",
    },
    "editor.optional_box": {"fr": "peut être passée", "en": "may be skipped"},
    "editor.lang.fr": {"fr": "français", "en": "French"},
    "editor.lang.en": {"fr": "anglais", "en": "English"},
    "editor.turns.none": {"fr": "non", "en": "no"},
    "editor.choices": {"fr": "Valeurs : {values}", "en": "Values: {values}"},
    "editor.placeholder.optional": {"fr": "(facultatif)", "en": "(optional)"},
    "editor.placeholder.default": {"fr": "par défaut : {value}", "en": "default: {value}"},
    "editor.placeholder.words": {"fr": "séparées par des virgules", "en": "separated by commas"},
    # The unsaved-changes dialog.
    "editor.unsaved.question": {
        "fr": "Le protocole a des modifications non enregistrées.",
        "en": "The protocol has unsaved changes.",
    },
    "editor.unsaved.invalid": {
        "fr": "Il a aussi {count} problème(s) : il ne peut pas être enregistré tel quel.",
        "en": "It also has {count} problem(s): it cannot be saved as it is.",
    },
    "editor.unsaved.save": {"fr": "Enregistrer", "en": "Save"},
    "editor.unsaved.discard": {"fr": "Abandonner", "en": "Discard"},
    "editor.unsaved.cancel": {"fr": "Continuer", "en": "Keep editing"},
    "editor.unsaved.hint": {
        "fr": "e : enregistrer · a : abandonner · Échap : continuer",
        "en": "s: save · d: discard · Esc: keep editing",
    },
    "editor.unsaved.hint_invalid": {
        "fr": "a : abandonner · Échap : continuer",
        "en": "d: discard · Esc: keep editing",
    },
    "editor.confirm_remove": {
        "fr": "Supprimer l'étape {number} « {title} » ?",
        "en": "Remove step {number} '{title}'?",
    },
}
