"""Read an article from a path or stdin, refusing what cannot be an article."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

logger = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 5 * 1024 * 1024


@dataclass
class Source:
    """The raw text of an article and where it came from."""

    text: str
    name: str  # file name (used for format detection and messages), "-" for stdin
    path: Path | None


def read_source(spec: str) -> Source:
    """Read `spec` (a file path, or "-" for stdin) as text."""
    if spec == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        return Source(_decode(data, "stdin"), "-", None)
    path = Path(spec).expanduser()
    if not path.exists():
        raise InputError(f"{spec}: no such file")
    if path.is_dir():
        raise InputError(f"{spec}: is a directory, not an article file")
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(
                f"{spec}: {size // 1024} KiB is over the {MAX_ARTICLE_BYTES // 1024 // 1024} MiB limit for one article"
            )
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"{spec}: cannot be read (permission denied)") from exc
    except OSError as exc:
        raise InputError(f"{spec}: cannot be read ({exc.strerror or exc})") from exc
    return Source(_decode(data, spec), path.name, path)


def _decode(data: bytes, label: str) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), else Windows-1252; binary data refused."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{label}: over the {MAX_ARTICLE_BYTES // 1024 // 1024} MiB limit for one article"
        )
    if not data.strip():
        raise InputError(f"{label}: the file is empty")
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise InputError(
            f"{label}: looks like a binary file, not an article (expected text, Markdown or HTML)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: is not UTF-8 or Windows-1252 text; save it as UTF-8") from exc
    logger.warning("%s is not UTF-8; read it as Windows-1252", label)
    return text


def _control_ratio(data: bytes) -> float:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(1, len(data))
