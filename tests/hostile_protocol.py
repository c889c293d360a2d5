"""A protocol whose every text holds square brackets, for the tests that show trainers' words.

Shared by the live-screen and editor tests (``from hostile_protocol import …``): "[optionnel]"
must stay visible, and "[/]" — a closing tag with nothing to close — must not crash anything.
"""

HOSTILE_PROTOCOL = """\
format = 1
id = "atelier"
version = "1.0"

[title]
fr = "[optionnel] Atelier [/]"
en = "[optional] Workshop [/]"

[description]
fr = "Deux étapes [courtes]."
en = "Two [short] steps."

[[steps]]
id = "expose"
minutes = 10
speakers = "client"
notes = ["question", "note"]
[steps.title]
fr = "Exposé [optionnel]"
en = "Presentation [optional]"
[steps.instructions]
fr = "Le client expose [sans notes]."
en = "The client tells [without notes]."
[steps.purpose]
fr = "Dire la situation [en bref]."
en = "Tell the situation [briefly]."
[steps.allowed]
fr = ["Questions [optionnel]"]
en = ["Questions [optional]"]
[steps.forbidden]
fr = ["Interdit : [conseils]"]
en = ["Forbidden: [advice]"]
[steps.prompts]
fr = ["Et ensuite ? [/]"]
en = ["And then? [/]"]

[[steps]]
id = "bilan"
minutes = 10
speakers = "everyone"
notes = ["learning", "contract", "action"]
[steps.title]
fr = "Bilan [b]"
en = "Review [b]"
[steps.instructions]
fr = "Chacun dit ce qu'il retient [/]."
en = "Everyone says what they keep [/]."
"""

CLOSING_TAG_TITLES = HOSTILE_PROTOCOL.replace('"Exposé [optionnel]"', '"Exposé [/]"').replace(
    '"Presentation [optional]"', '"Presentation [/]"'
)
"""The same protocol, its first step titled "Exposé [/]" / "Presentation [/]"."""
