"""The journal watch: the kernel says when the file was written (Linux), else there is none."""

from __future__ import annotations

import select
import sys
from pathlib import Path

import pytest

from codev.core.session.file_watch import FileWatch


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_a_write_wakes_the_watch_and_draining_quiets_it(tmp_path: Path) -> None:
    journal = tmp_path / "session.jsonl"
    journal.write_text("{}\n")
    watch = FileWatch.open(journal)
    assert watch is not None
    try:
        assert select.select([watch.fd], [], [], 0)[0] == []  # nothing yet
        with journal.open("a") as file:
            file.write('{"seq": 1}\n')
        assert select.select([watch.fd], [], [], 2)[0] == [watch.fd]
        watch.drain()
        assert select.select([watch.fd], [], [], 0)[0] == []
    finally:
        watch.close()


def test_a_file_that_does_not_exist_gets_no_watch(tmp_path: Path) -> None:
    assert FileWatch.open(tmp_path / "missing.jsonl") is None
