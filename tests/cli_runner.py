"""Run the console script in a subprocess, as a user runs it from a shell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run `article2audio ARGS` in `cwd` with its own cache folder; text output."""
    full_env = dict(os.environ, XDG_CACHE_HOME=str(cwd / "xdg"), **(env or {}))
    full_env.pop("ARTICLE2AUDIO_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "article2audio.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )
