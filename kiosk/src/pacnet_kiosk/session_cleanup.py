"""What a session leaves behind is removed at its end: the browser profile and the downloads."""

from __future__ import annotations

import logging
import os
import shutil
import stat
from pathlib import Path

log = logging.getLogger(__name__)


class UnsafeFolder(ValueError):
    pass


def _check_safe(folder: Path) -> None:
    # A mistyped setting must never empty a whole disk or home folder.
    resolved = folder.resolve()
    if len(resolved.parts) < 3 or resolved in {Path.home().resolve(), Path(resolved.anchor)}:
        raise UnsafeFolder(f"refusing to empty {resolved}")


def _make_writable_and_retry(function, path, _exc_info):
    os.chmod(path, stat.S_IWRITE)
    function(path)


def empty_folder(folder: Path | str) -> None:
    """Remove everything inside `folder` and leave it there, empty."""
    folder = Path(folder)
    _check_safe(folder)
    if folder.exists():
        for child in folder.iterdir():
            try:
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, onerror=_make_writable_and_retry)
                else:
                    child.unlink()
            except OSError:
                log.exception("could not remove %s", child)
    folder.mkdir(parents=True, exist_ok=True)


def session_cleanup(profile_dir: str, downloads_dir: str) -> None:
    for folder in (profile_dir, downloads_dir):
        if folder:
            empty_folder(folder)
