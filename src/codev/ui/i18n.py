"""Textual's own English strings, replaced by the catalog's (footer keys, palette, system commands)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from codev.core.i18n import t


def translated_bindings(bindings: BindingsMap) -> BindingsMap:
    """A copy of ``bindings`` whose descriptions and tooltips, written as catalog keys, are translated.

    Bindings are class attributes, created when the module is imported; the language is
    chosen later, so descriptions are stored as catalog keys and translated per instance.
    """
    translated = BindingsMap()
    for key, items in bindings.key_to_bindings.items():
        translated.key_to_bindings[key] = [translate_binding(binding) for binding in items]
    return translated


def translate_binding(binding: Binding) -> Binding:
    """``binding`` with its description and tooltip translated when they are catalog keys."""
    description = t(binding.description) if binding.description.startswith("key.") else binding.description
    tooltip = t(binding.tooltip) if binding.tooltip.startswith("key.") else binding.tooltip
    return replace(binding, description=description, tooltip=tooltip)


class TranslatedBindingsMixin(DOMNode):
    """Translate this node's binding descriptions (catalog keys) when it is created.

    List it *after* the Textual base class: Textual gathers DEFAULT_CSS along the first
    bases, and a mixin in front would hide the base's styles.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._bindings = translated_bindings(self._bindings)


def key_help(
    bindings: Iterable[Binding | tuple[str, ...]],
    display: Callable[[Binding], str],
    keymap: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """(keys, description) pairs for the help screen, one per action, from a class's BINDINGS.

    ``display`` shows a key as people read it (the app's ``get_key_display``: "→", "pgdn").
    ``keymap`` (binding id → comma-separated keys, the app's keymap) gives the keys really in
    force: a binding whose id it names shows those keys instead of its declared ones.
    """
    seen: dict[str, tuple[list[str], str]] = {}
    for declared in bindings:
        if not isinstance(declared, Binding):
            continue
        remapped = _remapped_keys(declared, keymap)
        if remapped is not None:
            # As Textual does when it applies a keymap: the declared key_display ("?" for
            # question_mark) described the old keys, so the new ones are shown by name.
            declared = replace(declared, key=remapped, key_display=None)
        for binding in Binding.make_bindings([declared]):
            binding = translate_binding(binding)
            if not binding.description:
                continue
            keys, _ = seen.setdefault(binding.action, ([], binding.description))
            shown = display(binding)
            if shown not in keys:
                keys.append(shown)
    return [(" ".join(keys), description) for keys, description in seen.values()]


def _remapped_keys(binding: Binding, keymap: Mapping[str, str] | None) -> str | None:
    """The keys ``keymap`` gives ``binding`` (empty names dropped), or None if it keeps its own."""
    if not keymap or binding.id is None:
        return None
    # Textual ignores an empty entry (it keeps the declared keys); so does the help.
    keys = ",".join(key.strip() for key in keymap.get(binding.id, "").split(",") if key.strip())
    return keys or None
