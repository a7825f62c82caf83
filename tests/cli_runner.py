"""Run the command line in this process with click's CliRunner, as a user runs it from a shell.

The result is a `subprocess.CompletedProcess` (returncode, stdout, stderr), so a test reads it
as it would read a real process. Tests that need a real process (signals, kill -9, builds
running at once) start one themselves.
"""

from __future__ import annotations

import inspect
import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

from article2audio.cli import cli


def _runner() -> CliRunner:
    """A runner that keeps stderr apart from stdout (click 8.1 needs asking; 8.2 always does)."""
    if "mix_stderr" in inspect.signature(CliRunner).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`article2audio ARGS` run in `cwd` with its own cache folder (cwd/xdg)."""
    variables: dict[str, str | None] = {
        "XDG_CACHE_HOME": str(cwd / "xdg"),
        "ARTICLE2AUDIO_CONFIG": None,
        **(env or {}),
    }
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = _runner().invoke(
            cli, list(args), input=input, env=variables, catch_exceptions=False
        )
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(
        ["article2audio", *args], result.exit_code, result.stdout, result.stderr
    )
