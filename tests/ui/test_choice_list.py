"""Ticked and unticked boxes read apart without colour."""

from __future__ import annotations

from textual.app import App, ComposeResult

from codev.ui.widgets.choices import ChoiceList


class _Choices(App[None]):
    def compose(self) -> ComposeResult:
        yield ChoiceList[str](("la question", "question", False), ("le contrat", "contract", True))


async def test_only_ticked_boxes_hold_an_x() -> None:
    app = _Choices()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        choices = app.query_one(ChoiceList)
        lines = [choices.render_line(y).text for y in range(2)]
        assert "▐ ▌ la question" in lines[0] and "▐X▌ le contrat" in lines[1]
        choices.select("question")
        await pilot.pause()
        assert "▐X▌ la question" in choices.render_line(0).text
