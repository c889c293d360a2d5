"""The command line in every language: --lang takes any tag, argparse's own words translated."""

from __future__ import annotations

import pytest

from codev.cli import main
from codev.cli.argparse_i18n import ARGPARSE_IDS
from codev.core.i18n import LANGUAGES, t


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*args, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("tag", "usage", "options"),
    [
        ("fr", "usage : ", "options"),
        ("de", "Aufruf: ", "Optionen"),
        ("de_AT.UTF-8", "Aufruf: ", "Optionen"),
        ("nl-BE", "gebruik: ", "opties"),
        ("en", "usage: ", "options"),
        ("pt_BR", "usage: ", "options"),  # a language codev does not speak: English
    ],
)
def test_help_speaks_the_language_of_any_tag(
    capsys: pytest.CaptureFixture[str], tag: str, usage: str, options: str
) -> None:
    out = _help(capsys, "--lang", tag)
    assert out.startswith(usage + "codev ")
    assert f"\n{options}:\n" in out


def test_argparse_errors_are_translated(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "nl", "--bogus"])
    assert exited.value.code == 2
    assert "codev: fout: onbekende argumenten: --bogus" in capsys.readouterr().err


def test_the_language_option_names_every_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert ", ".join(LANGUAGES) in " ".join(_help(capsys, "--lang", "en").split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_argparse_text_has_a_message_with_the_same_placeholders(lang: str) -> None:
    import re

    for english, key in ARGPARSE_IDS.items():
        assert set(re.findall(r"%\(\w+\)[rs]|%s", t(key, lang=lang))) == set(
            re.findall(r"%\(\w+\)[rs]|%s", english)
        ), (lang, key)
