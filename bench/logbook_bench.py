"""Benchmark of the carnets: loading a big one, building its timeline, writing a session.

Targets (issue 5): a carnet of 1,000 sessions loads (and its timeline data is built) in
under 0.5 s; writing the carnets of 10 participants at the end of a session takes under
100 ms. Run from the repository root:

    python bench/logbook_bench.py            # prints a Markdown table
    python bench/logbook_bench.py --repeat 9

Everything is written under a temporary folder on the same file system as /tmp; each write
is fsynced, as in real use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import tomlkit

from codev.core.logbook import (
    Action,
    FollowUp,
    FollowUpStatus,
    Logbook,
    LogbookStore,
    Participant,
    SessionEntry,
    SessionRecord,
    Suggestion,
    load_logbook,
)
from codev.core.logbook.views import commitments, path_summary, search, timeline
from codev.core.protocol.model import Role

TZ = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime(2015, 1, 6, 9, 30, tzinfo=TZ)
PEOPLE = ["Marie Dupont", "Paul Martin", "Élise Durand", "Karim Benali", "Zoé Leroy",
          "Jean-François L'Hôte", "Anaïs Morel", "Lucas Petit", "Inès Garnier", "Hugo Faure"]  # fmt: skip
SENTENCE = "Je remarque que je reprends le travail quand je n'ai pas dit ce que j'attendais vraiment."


def _entry(number: int, participant: str) -> SessionEntry:
    """A realistic entry: client about one session in eight, a few lines of reflection."""
    client = PEOPLE[number % len(PEOPLE)]
    is_client = client == participant
    session_id = f"s{number:05d}"
    return SessionEntry(
        id=session_id,
        date=START + dt.timedelta(weeks=number),
        group="Managers",
        number=number,
        protocol="codev",
        protocol_title="Codéveloppement (6 étapes)",
        role=Role.CLIENT if is_client else Role.CONSULTANT,
        client=client,
        subject=f"Sujet de la séance {number} : déléguer sans tout reprendre",
        question=SENTENCE if is_client else "",
        contract="Aidez-moi à lâcher prise sur la forme." if is_client else "",
        suggestions_given=[] if is_client else [f"Suggestion {number}: {SENTENCE}"],
        learnings=[SENTENCE, f"Sur le processus (séance {number}) : écouter sans répondre."],
        feelings=["Soulagée, un peu exposée au début."],
        progress=[f"Action de la séance {number - 8} faite."] if number > 8 else [],
        suggestions_received=[Suggestion(author=name, text=SENTENCE) for name in PEOPLE[:4]]
        if is_client
        else [],
        actions=[Action(id="1", objective=SENTENCE, resources="30 minutes", indicator="ça part sans moi")]
        if is_client
        else [],
        followups=[
            FollowUp(session=f"s{number - 8:05d}", action="1", status=FollowUpStatus.DONE, comment="fait")
        ]
        if number > 8 and is_client
        else [],
    )


def _timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and worst wall time of ``action`` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def _fill(store: LogbookStore, participant: str, sessions: int) -> Path:
    """Write a carnet of ``sessions`` entries (in one go: this is set-up, not measured)."""
    for number in range(1, sessions + 1):
        store.upsert_entry(participant, _entry(number, participant))
    return store.carnets_of(participant)[0].path


def _record(number: int, notes: int = 0) -> SessionRecord:
    client = PEOPLE[number % len(PEOPLE)]
    participants = [
        Participant(
            name=name,
            role=Role.CLIENT if name == client else Role.CONSULTANT,
            learnings=[SENTENCE] * (1 + notes),
            feelings=["Bien."],
        )
        for name in PEOPLE
    ]
    return SessionRecord(
        id=f"s{number:05d}",
        date=START + dt.timedelta(weeks=number),
        group="Managers",
        number=number,
        protocol="codev",
        protocol_title="Codéveloppement (6 étapes)",
        subject=f"Sujet {number}",
        participants=participants,
        question=SENTENCE,
        contract="Aidez-moi.",
        suggestions=[Suggestion(author=name, text=SENTENCE) for name in PEOPLE if name != client],
        actions=[Action(id="1", objective=SENTENCE)],
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table of the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    repeat = args.repeat
    rows: list[tuple[str, float, float, str]] = []

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "logbooks"

        # 1. A carnet of 1,000 sessions.
        store = LogbookStore(root)
        big = _fill(store, "Marie Dupont", 1000)
        text = big.read_text(encoding="utf-8")
        size = f"{len(text.encode()) / 1024:.0f} KiB"
        rows.append(("tomllib.loads, 1,000 sessions", *_timed(lambda: tomllib.loads(text), repeat), size))
        rows.append(
            (
                "load_logbook (tomllib + pydantic), 1,000 sessions",
                *_timed(lambda: load_logbook(big), repeat),
                "< 500",
            )
        )
        logbook: Logbook = load_logbook(big)

        def timeline_data() -> None:
            timeline(logbook)
            path_summary(logbook)
            commitments(logbook)

        rows.append(
            ("timeline + path + commitments data, 1,000 sessions", *_timed(timeline_data, repeat), "")
        )
        rows.append(
            (
                "load + timeline data, 1,000 sessions",
                *_timed(lambda: (load_logbook(big), timeline_data()), repeat),
                "< 500",
            )
        )
        rows.append(
            ("search in 1,000 sessions", *_timed(lambda: search(logbook, "reprends travail"), repeat), "")
        )
        rows.append(
            (
                "for comparison: tomlkit.parse + dumps, 1,000 sessions",
                *_timed(lambda: tomlkit.dumps(tomlkit.parse(text)), max(1, repeat // 3)),
                "",
            )
        )

        # 2. Saving during and at the end of a session, 10 participants with 30 sessions each.
        group_root = Path(folder) / "group"
        setup = LogbookStore(group_root)
        for number in range(1, 31):
            setup.save_session(_record(number))
        counter = iter(range(31, 10_000))

        def end_of_session_cold() -> None:
            # A new process: every carnet is validated before it is written.
            LogbookStore(group_root).save_session(_record(next(counter)))

        rows.append(
            (
                "save a session, 10 carnets of 30 sessions, new store",
                *_timed(end_of_session_cold, repeat),
                "< 100",
            )
        )
        warm = LogbookStore(group_root)

        def end_of_session_warm() -> None:
            warm.save_session(_record(next(counter)))

        warm.save_session(_record(next(counter)))
        rows.append(
            (
                "save a session, 10 carnets, store that wrote before",
                *_timed(end_of_session_warm, repeat),
                "< 100",
            )
        )
        current = next(counter)
        notes = iter(range(1, 10_000))
        warm.save_session(_record(current))
        rows.append(
            (
                "save again after one more note (1 learning per person)",
                *_timed(lambda: warm.save_session(_record(current, next(notes))), repeat),
                "",
            )
        )
        rows.append(
            (
                "save again, nothing changed",
                *_timed(lambda: warm.save_session(_record(current, 0)), repeat),
                "",
            )
        )

        # 3. The same on carnets of 1,000 sessions (a stress case: decades of sessions).
        huge_root = Path(folder) / "huge"
        huge = LogbookStore(huge_root)
        for name in PEOPLE:
            _fill(huge, name, 1000)
        numbers = iter(range(1001, 10_000))
        rows.append(
            (
                "save a session, 10 carnets of 1,000 sessions, new store",
                *_timed(
                    lambda: LogbookStore(huge_root).save_session(_record(next(numbers))), max(1, repeat // 3)
                ),
                "",
            )
        )
        huge.save_session(_record(next(numbers)))
        rows.append(
            (
                "save a session, 10 carnets of 1,000 sessions, store that wrote before",
                *_timed(lambda: huge.save_session(_record(next(numbers))), repeat),
                "< 100",
            )
        )
        entry_numbers = iter(range(20_000, 30_000))
        one = LogbookStore(root)
        one.upsert_entry("Marie Dupont", _entry(next(entry_numbers), "Marie Dupont"))
        rows.append(
            (
                "upsert one entry into a 1,000-session carnet (warm)",
                *_timed(
                    lambda: one.upsert_entry("Marie Dupont", _entry(next(entry_numbers), "Marie Dupont")),
                    repeat,
                ),
                "",
            )
        )
        rows.append(
            (
                "update learnings of an old entry, 1,000-session carnet (warm)",
                *_timed(
                    lambda: one.update_personal(
                        "Managers", "Marie Dupont", "s00010", learnings=[SENTENCE, str(time.time())]
                    ),
                    repeat,
                ),
                "",
            )
        )

    print(f"Python {sys.version.split()[0]}, {repeat} runs; times in ms (median / worst)\n")
    print("| measure | median ms | worst ms | target / note |")
    print("| --- | ---: | ---: | --- |")
    for label, median, worst, note in rows:
        print(f"| {label} | {median:.1f} | {worst:.1f} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
