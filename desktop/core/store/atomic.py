"""Files written all or nothing, and what killed runs leave behind.

Every output (a new plan, a copy, a backup, the lock, the board pack, the bundle)
is written under a temporary name in the folder of its destination and then
renamed into place, so a reader sees the old file or the new one, never half of
one. The temporary names say whose they are, ``.NAME.<host>-<pid>.tmp`` for a file
and ``.opplan-export-<host>-<pid>-<random>`` for a folder (``<host>`` a short hash
of the computer's name), so that the next run can remove what a killed run left:
only our own names, and only those of a process that has gone (a process of this
computer no longer running, or anything older than a day: nothing we write takes
that long).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import logging
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from .lock import current_host, pid_alive

log = logging.getLogger(__name__)

EXPORT_PREFIX = ".opplan-export-"
#: Anything of ours older than this is a leftover whoever made it.
ABANDONED_AFTER = 24 * 3600
_LINK_UNSUPPORTED = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS}


def host_tag(host: str | None = None) -> str:
    """A short tag of the computer's name, safe in file names."""
    return hashlib.sha1((host or current_host()).encode("utf-8")).hexdigest()[:6]


def owner_tag() -> str:
    return f"{host_tag()}-{os.getpid()}"


def temp_path(dest: Path) -> Path:
    """The temporary name of ``dest`` while it is written (same folder)."""
    return dest.with_name(f".{dest.name}.{owner_tag()}.tmp")


_TEMP_FILE = re.compile(r"^\..+\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)\.tmp(-journal)?$")
_TEMP_FOLDER = re.compile(
    rf"^{re.escape(EXPORT_PREFIX)}(?P<host>[0-9a-f]{{6}})-(?P<pid>\d+)-[0-9a-z_]+$"
)


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` durable (POSIX; a no-op on Windows)."""
    if os.name == "nt":  # pragma: no cover - Windows commits directory entries itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot sync a folder: not fatal
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)


def replace(tmp: Path, dest: Path) -> None:
    """Rename ``tmp`` over ``dest`` (atomic) and make it durable."""
    os.replace(tmp, dest)
    fsync_dir(dest.parent)


def place_new(tmp: Path, dest: Path) -> None:
    """Give ``tmp`` the name ``dest``, refusing (FileExistsError) if ``dest`` exists.

    A hard link is created exclusively and atomically on POSIX and on NTFS; where the
    file system has no hard links, a rename does (on Windows a rename never replaces;
    on POSIX a rename after checking leaves a tiny window, the best such a file system
    allows). ``tmp`` is gone afterwards either way.
    """
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _LINK_UNSUPPORTED and not isinstance(exc, NotImplementedError):
            raise
        if dest.exists():
            raise FileExistsError(errno.EEXIST, "File exists", str(dest)) from exc
        os.rename(tmp, dest)
    else:
        tmp.unlink()
    fsync_dir(dest.parent)


def _abandoned(match: re.Match[str], path: Path) -> bool:
    try:
        age = time.time() - path.lstat().st_mtime
    except FileNotFoundError:
        return False
    if age > ABANDONED_AFTER:
        return True
    return match["host"] == host_tag() and not pid_alive(int(match["pid"]))


def clean_leftovers(folder: Path) -> int:
    """Remove what killed runs of OpPlan Desk left in ``folder``; how many were removed.

    An export that died after it began to swap its bundle in is finished first (see
    ``finish_swap``), so nothing is lost. Never raises: a leftover that cannot be
    removed now is removed another time.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        path = Path(entry.path)
        try:
            file_match = _TEMP_FILE.match(entry.name)
            if file_match and entry.is_file(follow_symlinks=False):
                if _abandoned(file_match, path):
                    path.unlink()
                    removed += 1
                continue
            folder_match = _TEMP_FOLDER.match(entry.name)
            is_folder = folder_match and entry.is_dir(follow_symlinks=False)
            if is_folder and folder_match and _abandoned(folder_match, path):
                finish_swap(path, folder)
                shutil.rmtree(path)
                removed += 1
        except OSError as exc:
            log.warning("could not remove the leftover %s: %s", path, exc)
    if removed:
        log.info("removed %d leftover temporary file(s) in %s", removed, folder)
    return removed


# -- swapping a set of outputs in ------------------------------------------------------

COMMIT = "COMMIT"
PREVIOUS = "previous"


def work_folder(out_dir: Path) -> Path:
    """A new temporary folder in ``out_dir`` to build outputs in."""
    token = os.urandom(4).hex()
    path = out_dir / f"{EXPORT_PREFIX}{owner_tag()}-{token}"
    path.mkdir()
    return path


def swap_in(work: Path, out_dir: Path, names: list[str]) -> None:
    """Move ``work/<name>`` to ``out_dir/<name>`` for every name, all or nothing.

    A COMMIT note listing the names is made durable first; from then on the swap is
    finished even if this process dies (the next run's ``clean_leftovers`` completes
    it). Each name already in ``out_dir`` is exchanged with its new version in one
    atomic rename (Linux), or else moved aside just before the new one takes its
    place; the previous version ends in ``work/previous`` and is removed with ``work``.
    """
    note = work / COMMIT
    lines = [f"{(work / name).stat().st_ino}\t{name}" for name in names]
    note.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fsync_file(note)
    fsync_dir(work)
    finish_swap(work, out_dir)


def finish_swap(work: Path, out_dir: Path) -> None:
    """Complete a swap whose COMMIT note was written (no note: nothing was moved yet)."""
    note = work / COMMIT
    if not note.exists():
        return
    previous = work / PREVIOUS
    previous.mkdir(exist_ok=True)
    for line in note.read_text(encoding="utf-8").splitlines():
        inode, _, name = line.partition("\t")
        new = work / name
        if not name or not new.exists():
            continue  # already in place
        if str(new.stat().st_ino) != inode:  # the previous version, exchanged out already
            os.rename(new, _fresh(previous / name))
            continue
        target = out_dir / name
        if target.exists() or target.is_symlink():
            if exchange(new, target):  # one atomic rename: never a moment without either
                os.rename(new, _fresh(previous / name))
                continue
            os.rename(target, _fresh(previous / name))
        os.rename(new, target)
    fsync_dir(out_dir)
    note.unlink()


def _fresh(path: Path) -> Path:
    if path.exists():
        _remove(path)
    return path


_RENAME_EXCHANGE = 2  # linux/fs.h


def exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or the file system cannot (the caller then moves one aside first)."""
    if not sys.platform.startswith("linux"):
        return False
    global _renameat2
    if _renameat2 is None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _renameat2 = libc.renameat2
        except (OSError, AttributeError):
            _renameat2 = False
    if not _renameat2:
        return False
    at_fdcwd = -100
    done = _renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(number, os.strerror(number), str(b))


_renameat2: Any = None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def remove_quietly(path: Path) -> None:
    """Remove a temporary file or folder of ours, if it is there."""
    with contextlib.suppress(FileNotFoundError):
        _remove(path)
