"""nnlib.io: atomic writes leave a complete file with ordinary permissions."""
from __future__ import annotations

import os

from nnlib.io import atomic_write_text


def test_atomic_write_gives_a_new_file_the_mode_open_would_and_keeps_an_old_files(tmp_path):
    umask = os.umask(0o022)
    try:
        new = atomic_write_text(tmp_path / "a.json", "{}\n")
        assert new.read_text() == "{}\n"
        assert new.stat().st_mode & 0o777 == 0o644      # not mkstemp's private 0600
        new.chmod(0o640)
        atomic_write_text(new, "[]\n")
        assert new.read_text() == "[]\n" and new.stat().st_mode & 0o777 == 0o640
        assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary file left
    finally:
        os.umask(umask)
