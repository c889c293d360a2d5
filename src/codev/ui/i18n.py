"""Textual's own English strings, replaced by the catalog's (footer keys, palette, system commands)."""

from __future__ import annotations

from collections.abc import Iterable
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
        translated.key_to_bindings[key] = [_translate(binding) for binding in items]
    return translated


def _translate(binding: Binding) -> Binding:
    description = t(binding.description) if binding.description.startswith("key.") else binding.description
    tooltip = t(binding.tooltip) if binding.tooltip.startswith("key.") else binding.tooltip
    return replace(binding, description=description, tooltip=tooltip)


class TranslatedBindingsMixin(DOMNode):
    """Translate this node's binding descriptions (catalog keys) when it is created."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._bindings = translated_bindings(self._bindings)


def key_help(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(key, description) pairs for the help screen, one per action."""
    seen: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        if not binding.description:
            continue
        keys, _ = seen.setdefault(binding.action, ([], binding.description))
        keys.append(binding.key_display or binding.key)
    return [(" ".join(keys), description) for keys, description in seen.values()]
