"""What every command needs: the workspace, the language, and the common options."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from codev.core.i18n import LANGUAGES, Lang, get_lang, t
from codev.core.workspace import Workspace


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """The options accepted by every command, before or after its name."""
    # Any tag is accepted, as for CODEV_LANG and the locale: de_AT is German, an unknown
    # language English (resolved before the parser is built, for the help's own language).
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=argparse.SUPPRESS,
        help=t("cli.opt.lang", languages=", ".join(LANGUAGES)),
    )
    parser.add_argument(
        "--workspace", metavar=t("cli.metavar.dir"), default=argparse.SUPPRESS, help=t("cli.opt.workspace")
    )


@dataclass(frozen=True)
class Context:
    """The resolved common options."""

    workspace: Workspace
    lang: Lang

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Resolve the workspace (option, environment, current directory) and language."""
        return cls(Workspace.resolve(getattr(args, "workspace", None)), get_lang())
