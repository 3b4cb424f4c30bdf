"""Finding input files: files, folders and globs become a sorted list of `InputFile`s.

Only regular files are accepted (a FIFO blocks whoever opens it, a device never ends); directory walks
skip hidden files, editor backups and folder documentation; every path named or matched that is not
accepted becomes a Rejection (stage "discover").
"""
from __future__ import annotations

import glob
import logging
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.models import Rejection

__all__ = ["SUPPORTED_SUFFIXES", "InputFile", "discover"]

logger = logging.getLogger("pipeline.inputs")

_PLAIN_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".ndjson")
SUPPORTED_SUFFIXES = _PLAIN_SUFFIXES + tuple(s + ".gz" for s in _PLAIN_SUFFIXES)

# Files a directory walk skips without a word: editor backups and swap files are not inputs, and
# reporting each one as "unsupported" would only be noise.
_BACKUP_NAME = re.compile(r"(~|\.bak|\.orig|\.swp|\.swo|\.tmp)$|^#.*#$", re.IGNORECASE)
_GLOB_CHARS = re.compile(r"[*?\[]")
_FOLDER_DOCS = re.compile(r"^(?:readme|licen[cs]e|copying|notice)(?:\.(?:md|rst|txt))?$", re.IGNORECASE)


@dataclass(frozen=True)
class InputFile:
    path: str  # absolute path
    size: int  # bytes on disk
    # A part of a large plain JSON-lines file: the lines in bytes [start, end), the first being line
    # `first_line`. end=None means the whole file. See split_jsonl.
    start: int = 0
    end: int | None = None
    first_line: int = 1
    # A part of a large gzip JSON-lines file is a decompressed copy in the run's staging folder
    # (`path`); `source` is the file it came from, which documents and rejections name.
    source: str | None = None

    @property
    def is_part(self) -> bool:
        return self.end is not None or self.source is not None

    @property
    def origin(self) -> str:
        """The input file as the user gave it: what documents and rejections name as their source."""
        return self.source or self.path

    @property
    def starts_file(self) -> bool:
        """Whether this reads from the beginning of its file (whole-file checks apply, a BOM may lead)."""
        return self.start == 0 and self.first_line == 1



def _matched_suffix(name: str) -> str | None:
    """The supported suffix `name` ends with (longest first, case-insensitive), or None."""
    lower = name.lower()
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def _unsupported_reason(name: str) -> str:
    lower = name.lower()
    parts = lower.split(".")
    if len(parts) < 2 or parts[-1] == "":
        return "unsupported file type (no extension)"
    # Show the compound suffix for compressed files (".tar.gz") so the user sees what was refused.
    if parts[-1] in ("gz", "bz2", "xz", "zst") and len(parts) >= 3:
        return f"unsupported file type .{parts[-2]}.{parts[-1]}"
    return f"unsupported file type .{parts[-1]}"


def _is_hidden_or_backup(name: str) -> bool:
    return name.startswith(".") or bool(_BACKUP_NAME.search(name))


def _is_folder_documentation(name: str) -> bool:
    # data/inbox/README.md explains the inbox; reporting it as "unsupported" on every run is noise.
    # Named explicitly, such a file is still rejected.
    return bool(_FOLDER_DOCS.match(name))


def _walk_directory(root: str) -> Iterator[str]:
    """Every non-hidden, non-backup file under `root`, in sorted order (symlinked dirs not followed)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not _is_hidden_or_backup(name):
                yield os.path.join(dirpath, name)


def _not_regular_reason(mode: int) -> str | None:
    """Why a path of this st_mode is not read, or None for a regular file.

    Opening a FIFO blocks until a writer comes (forever, in an inbox), and a device such as /dev/zero
    never ends: only regular files are inputs.
    """
    if stat.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a directory" if stat.S_ISDIR(mode) else "a special file")
    return f"not a regular file ({kind})"


def discover(patterns: Sequence[str]) -> tuple[list[InputFile], list[Rejection]]:
    """Expand files, directories and globs into input files; reject what cannot be read.

    Returns the input files sorted by absolute path without duplicates, and the rejections
    (stage "discover") sorted by source.
    """
    found: dict[str, InputFile] = {}
    rejected: dict[tuple[str, str], Rejection] = {}

    def consider_file(path: str, explicit: bool) -> None:
        absolute = os.path.abspath(path)
        if absolute in found:
            return
        name = os.path.basename(absolute)
        if not explicit and _is_folder_documentation(name):
            return
        if _matched_suffix(name) is None:
            # Reported wherever it was found, so that a user who drops a .docx in the inbox
            # learns why it was not read.
            reason = _unsupported_reason(name)
            rejected.setdefault((absolute, reason), Rejection(
                source=absolute, locator="", stage="discover", reason=reason, payload=name))
            return
        try:
            info = os.stat(absolute)  # follows a symlink: a link to /dev/zero is a device
        except OSError as exc:
            reason = f"cannot read file: {exc.strerror or exc}"
            rejected.setdefault((absolute, reason), Rejection(
                source=absolute, locator="", stage="discover", reason=reason))
            return
        not_regular = _not_regular_reason(info.st_mode)
        if not_regular:
            rejected.setdefault((absolute, not_regular), Rejection(
                source=absolute, locator="", stage="discover", reason=not_regular, payload=name))
            return
        size = info.st_size
        found[absolute] = InputFile(path=absolute, size=size)
        logger.debug("discovered %s (%d bytes, explicit=%s)", absolute, size, explicit)

    def consider_path(path: str, explicit: bool) -> None:
        if os.path.isdir(path):
            for file_path in _walk_directory(path):
                consider_file(file_path, explicit=False)
        else:
            # Regular or not (a FIFO, a device, a link to one): consider_file accepts or rejects it,
            # so every path named or matched is accounted for.
            consider_file(path, explicit=explicit)

    for pattern in patterns:
        expanded = os.path.expanduser(pattern)
        # An existing path is taken literally even if its name has glob characters ("a[1].txt").
        if _GLOB_CHARS.search(expanded) and not os.path.exists(expanded):
            matches = sorted(glob.glob(expanded, recursive=True))
            if not matches:
                rejected.setdefault((pattern, "glob"), Rejection(
                    source=pattern, locator="", stage="discover", reason="glob matched no files",
                    payload=pattern))
            for match in matches:
                if os.path.isdir(match) or not _is_hidden_or_backup(os.path.basename(match)):
                    consider_path(match, explicit=False)
        elif os.path.exists(expanded):
            consider_path(expanded, explicit=True)
        else:
            rejected.setdefault((pattern, "missing"), Rejection(
                source=pattern, locator="", stage="discover", reason="no such file or directory",
                payload=pattern))

    files = sorted(found.values(), key=lambda f: f.path)
    rejections = sorted(rejected.values(), key=lambda r: (r.source, r.reason))
    return files, rejections
