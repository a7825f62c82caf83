"""The command line: options made from the settings table, one pipeline call, the result printed.

Every setting's option comes from `settings.SETTINGS`; `with_settings` resolves them once per
command (settings file < environment < flags) into a frozen `Settings` kept in click's
`ctx.obj`. What is printed is `console`'s job.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from . import batch, console, intake, pipeline
from . import settings as settings_mod
from .errors import Article2AudioError, BatchError
from .settings import (
    SETTINGS,
    Boolean,
    FilePath,
    Number,
    OneOf,
    Phrase,
    Setting,
    Settings,
    Stereo,
    Switch,
    Url,
    Words,
    setting_named,
)

logger = logging.getLogger("article2audio")
F = TypeVar("F", bound=Callable[..., Any])


def _configure_logging(verbose: bool, quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("article2audio")
    root.handlers[:] = [handler]
    root.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO)
    root.propagate = False


# --- options from the settings table --------------------------------------------------------------


def _click_type(setting: Setting) -> click.ParamType | None:
    """The click type that checks a flag the way the table's kind checks a file value."""
    kind = setting.kind
    if isinstance(kind, OneOf):
        return click.Choice([f"{choice:g}" for choice in kind.choices])
    if isinstance(kind, Number):
        high = None if kind.high == float("inf") else kind.high
        if kind.whole:
            return click.IntRange(int(kind.low), None if high is None else int(high))
        return click.FloatRange(kind.low, high)
    if isinstance(kind, Words):
        return click.Choice(list(kind.choices))
    if isinstance(kind, FilePath):
        return click.Path(file_okay=kind.file_okay, dir_okay=kind.dir_okay, path_type=Path)
    return None


def _convert(setting: Setting) -> Callable[[click.Context, click.Parameter, Any], Any] | None:
    """A callback turning a flag's value into the setting's (a URL checked, stereo -> 2, ...)."""
    kind = setting.kind
    if not isinstance(kind, (OneOf, Boolean, Phrase, Stereo, Url)):
        return None

    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        try:
            return None if value is None else kind.parse(value, Path.cwd())
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc

    return convert


def setting_option(setting: Setting) -> Callable[[F], F]:
    """The click option of one setting; an option not given is None (the lower sources rule)."""
    declarations = (*setting.flags, setting.name)
    if isinstance(setting.kind, Switch):
        return click.option(
            *declarations, flag_value=setting.kind.value, default=None, help=setting.help
        )
    return click.option(
        *declarations,
        type=_click_type(setting),
        callback=_convert(setting),
        default=None,
        help=setting.help,
    )


_config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: ./article2audio.toml if present).",
)
_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")


def with_settings(*names: str, config: bool = True) -> Callable[[F], F]:
    """Give a command these settings' options (and --config); before it runs, resolve the
    settings once, file < environment < flags, into ctx.obj (take them with click.pass_obj)."""

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def resolved(**kwargs: Any) -> Any:
            flags = {name: kwargs.pop(name) for name in names}
            ctx = click.get_current_context()
            ctx.obj = settings_mod.resolve(flags, kwargs.pop("config", None))
            return command(**kwargs)

        for name in reversed(names):
            resolved = setting_option(setting_named(name))(resolved)
        return _config_option(resolved) if config else resolved  # type: ignore[return-value]

    return decorate


BUILD_SETTINGS = tuple(s.name for s in SETTINGS if s.flags)


# --- the commands ---------------------------------------------------------------------------------


class _Commands(click.Group):
    """The command group. Its `main` turns every failure into one `Error: ...` line on stderr
    and an exit code, so a shell and click's CliRunner see the same thing."""

    def main(self, *args: Any, **extra: Any) -> Any:
        extra["standalone_mode"] = False
        extra.setdefault("prog_name", "article2audio")
        try:
            return super().main(*args, **extra)
        except Article2AudioError as exc:
            _fail(str(exc), exc.exit_code)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):
            _fail("interrupted; nothing was written (synthesized clips are kept in the cache)", 130)
        except OSError as exc:
            _fail(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""), 1)


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group(cls=_Commands)
@click.version_option(package_name="article2audio")
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def cli(verbose: bool, quiet: bool) -> None:
    """Turn a written article into a podcast episode."""
    _configure_logging(verbose, quiet)


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@click.option(
    "--jobs",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Articles built at once (pays with network engines only).",
)
@click.option(
    "--cluster",
    metavar="local:N|tcp://HOST:PORT",
    help="Build on Dask: N worker processes here, or a running scheduler (needs the cluster extra).",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Feeds: only entries published on or after this date.",
)
@click.option("--limit", type=click.IntRange(1), help="Feeds: at most the N newest new entries.")
@click.option("--dry-run", is_flag=True, help="List what would be built, build nothing.")
@_json_option
@with_settings(*BUILD_SETTINGS)
@click.pass_obj
def build(
    settings: Settings,
    articles: tuple[str, ...],
    jobs: int,
    cluster: str | None,
    since: datetime | None,
    limit: int | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Build each ARTICLE (a file, a folder of them, an http(s) URL, -, or an RSS/Atom feed or
    sitemap: one episode per entry) into DIR/<slug>.mp3."""
    selection = intake.Selection(since.date() if since else None, limit)
    specs = batch.expand_sources(list(articles))
    allow_private = settings.episode.allow_private_urls
    wanted = intake.gather(specs, settings.output.dir, selection, allow_private)
    if dry_run:
        console.print_intake(wanted, as_json)
        return
    if cluster is None and len(wanted.items) == 1 and not wanted.from_feed:
        item = wanted.items[0]
        progress = console.Progress(logger.isEnabledFor(logging.INFO))
        episode = pipeline.build_episode(item.source or item.spec, settings, progress)
        console.print_episode(episode, as_json)
        return
    results: list[batch.BatchResult] = []
    if wanted.items:
        progress_line = console.BatchProgress(len(wanted.items), logger.isEnabledFor(logging.INFO))
        with contextlib.closing(batch.runner_for(cluster, jobs, settings)) as runner:
            results = batch.build_all(wanted.items, settings, runner, progress_line)
    console.print_batch(results, as_json, len(wanted.already_built))
    failed = sum(r.error is not None for r in results)
    if failed:
        raise BatchError(f"{failed} of {len(results)} articles failed")


@cli.command()
@click.argument("article")
@click.option("--explain", is_flag=True, help="Show the outline, the chapter level and the drops.")
@_json_option
@with_settings(
    "input_format",
    "chapter_level",
    "title",
    "author",
    "lexicon",
    "closing_line",
    "allow_private_urls",
    config=False,
)
@click.pass_obj
def sections(settings: Settings, article: str, explain: bool, as_json: bool) -> None:
    """Preview how ARTICLE (a file, a URL, or -) splits into chapters and what will be spoken."""
    prepared = pipeline.prepare(article, settings.episode)  # the same lexicon as build
    explanation = prepared.explanation if explain else None
    console.print_sections(prepared.article, prepared.script, explanation, as_json)


@cli.command()
@click.option("--engine", help="Only this engine.")
@_json_option
def voices(engine: str | None, as_json: bool) -> None:
    """List the speech engines and their voices and languages."""
    from .engines.base import registry

    engines = registry()
    names = [engine] if engine else engines.names()
    listing = [
        {
            "engine": name,
            "description": engines.description(name),
            "voices": [v.as_dict() for v in engines.voices(name)],
        }
        for name in names
    ]
    console.print_voices(listing, as_json)


@cli.group()
def cache() -> None:
    """Inspect or empty the cache of synthesized clips."""


def _cache_root(settings: Settings) -> Path:
    """--cache-dir, else the settings ([cache] dir, ARTICLE2AUDIO_CACHE_DIR), else the default."""
    from .cache import default_cache_dir

    return settings.output.cache_dir or default_cache_dir()


@cache.command("info")
@_json_option
@with_settings("cache_dir", config=False)
@click.pass_obj
def cache_info(settings: Settings, as_json: bool) -> None:
    """Where the cache is, how many clips it holds and how big it is."""
    from .cache import cache_info as read_info

    console.print_cache_info(read_info(_cache_root(settings)), as_json)


@cache.command("clear")
@click.option(
    "--older-than",
    type=click.FloatRange(0),
    help="Only clips unused for DAYS days.",
    metavar="DAYS",
)
@with_settings("cache_dir", "output_dir", config=False)
@click.pass_obj
def cache_clear(settings: Settings, older_than: float | None) -> None:
    """Delete cached clips (all of them, or the ones unused for a while), and the work folders
    that killed builds left in the output folder (-o)."""
    from .cache import clear_cache
    from .files import remove_stale_work_dirs

    root = _cache_root(settings)
    removed = clear_cache(root, older_than)
    click.echo(f"Removed {removed} clips from {root}")
    if settings.output.dir.is_dir():
        remove_stale_work_dirs(settings.output.dir)  # each one removed is reported on stderr


@cli.command()
@click.option(
    "--path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(settings_mod.CONFIG_NAME),
    show_default=True,
    help="Where to write the settings file.",
)
@click.option("--force", is_flag=True, help="Replace an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a commented starter settings file (article2audio.toml)."""
    written = settings_mod.write_starter_config(path, force)
    click.echo(str(written))


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_settings("base_url")
@click.pass_obj
def feed(settings: Settings, directory: Path) -> None:
    """Rebuild DIR/feed.xml from the episodes' metadata (DIR/*.episode.json) alone."""
    from . import feed as feed_mod

    path, count = feed_mod.rebuild_feed(directory, settings.given_fields("show"))
    click.echo(f"{path}  {count} episodes")


@cli.command()
@click.argument("episode", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-loudness", is_flag=True, help="Skip the loudness measurement (faster).")
@_json_option
def inspect(episode: Path, no_loudness: bool, as_json: bool) -> None:
    """Show an episode's tags, chapters, duration, bitrate, loudness and true peak."""
    from . import inspect as inspect_mod

    console.print_inspection(inspect_mod.inspect_episode(episode, measure=not no_loudness), as_json)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, help="Port [default: 8000; 0: any free]."
)
def serve(directory: Path, host: str, port: int) -> None:
    """Preview a published folder over HTTP (byte ranges, so players can seek); Ctrl-C stops."""
    from .serve import serve_folder

    with serve_folder(directory, host, port) as server:
        click.echo(f"Serving {directory} at {server.url} (Ctrl-C stops)", err=True)
        click.echo(server.url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)


def main() -> None:
    """Console entry point."""
    cli.main()


if __name__ == "__main__":
    main()
