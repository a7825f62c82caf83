"""File safety: nothing half-written is ever seen, builds into one folder never collide.

Every file is written under a temporary name in its folder and renamed into place. A folder's
shared files (feed.xml, the episode numbers) change under an exclusive lock on the folder
itself (flock, no lock file). A build works in a hidden folder inside the output folder
(`work_folder`), removed when it ends, and by the next build (or `cache clear`) when a killed
one left it, saying so. A build that fails leaves no output folder it made and left empty.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

WORK_DIR_PREFIX = ".a2a-"  # hidden work folder inside the output folder, removed after the build
STALE_AFTER_S = 3600  # a work folder without a readable owner is left alone this long


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write a file under a temporary name in its folder, then rename it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def write_files(files: dict[str, tuple[Path, bytes | str]]) -> dict[str, Path]:
    """Write each {kind: (path, data)} atomically; return {kind: path}."""
    return {kind: write_atomic(path, data) for kind, (path, data) in files.items()}


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock (flock on the folder itself, no lock file) while its files change."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def ensure_folder(folder: Path) -> list[Path]:
    """Create the output folder if needed; the folders made, deepest first. OutputError when it
    cannot be made or written."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {folder}: {exc.strerror or exc}") from exc
    if not os.access(folder, os.W_OK):
        raise OutputError(f"output folder {folder} is not writable")
    return missing


@contextlib.contextmanager
def work_folder(output_dir: Path) -> Iterator[Path]:
    """A hidden folder for one build's temporary files, inside the output folder (same disk,
    so finished files are renamed into place); it and everything in it go when the build ends.
    The output folder is made first (OutputError when it cannot be made or written), and
    removed again if the build fails and leaves it empty."""
    made = ensure_folder(output_dir)
    remove_stale_work_dirs(output_dir)
    try:
        with tempfile.TemporaryDirectory(prefix=WORK_DIR_PREFIX, dir=output_dir) as work:
            (Path(work) / "pid").write_text(str(os.getpid()))
            yield Path(work)
    except BaseException:
        for folder in made:  # deepest first; rmdir only takes an empty folder
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def work_folders(output_dir: Path) -> list[Path]:
    """The work folders of builds in the output folder (running or killed)."""
    return sorted(output_dir.glob(f"{WORK_DIR_PREFIX}*"))


def remove_stale_work_dirs(output_dir: Path) -> list[Path]:
    """Remove work folders left by builds that were killed (their process is gone), saying so;
    return them."""
    removed = []
    for folder in work_folders(output_dir):
        try:
            pid = int((folder / "pid").read_text())
            os.kill(pid, 0)
            continue  # that build is still running
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            if time.time() - folder.stat().st_mtime < STALE_AFTER_S:
                continue  # no pid yet, or not ours to judge: leave recent folders alone
        logger.info("Removed %s, the work folder of a build that was killed", folder)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
