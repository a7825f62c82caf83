"""The command line: parse options, call one pipeline function, print the result."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from . import batch, pipeline
from . import settings as settings_mod
from .errors import Article2AudioError, BatchError

logger = logging.getLogger("article2audio")


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("article2audio")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False


class _Progress:
    """Prints 'Speaking n/N' to stderr at most every 10%."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        tenth = done * 10 // max(1, total)
        if self.enabled and (tenth != self.last_tenth or done == total):
            self.last_tenth = tenth
            click.echo(f"Speaking {done}/{total} cues ({100 * done // max(1, total)}%)", err=True)


def _engine_options(command):
    """The speech engine and cache options of `build` (collected into BuildSettings fields)."""
    options = [
        click.option("--engine", help="Speech engine (`article2audio voices` lists them; default piper)."),
        click.option("--lang", "voice_lang", help="Voice language for gTTS (default: the article's)."),
        click.option("--speed", type=click.FloatRange(0.5, 2.0), help="Speaking rate (1 = normal; gTTS: below 1 = slow)."),
        click.option("--speaker", help="Speaker of a multi-speaker Piper voice (name or number)."),
        click.option("--server-url", help="OpenAI-compatible speech server, e.g. http://localhost:8880/v1 (default: OpenAI; env OPENAI_BASE_URL)."),
        click.option("--model", help="Speech model on an OpenAI-compatible server (default tts-1)."),
        click.option("--heading-voice", help="Second voice for headings: [ENGINE:]VOICE[,speed=X,speaker=S,lang=L]."),
        click.option("--give-up-after", type=click.FloatRange(1, 3600), help="Network engines: seconds to keep retrying one request (default 40)."),
        click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Clip cache folder (default: the user cache folder)."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _url_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check --base-url: an absolute http(s) URL (a trailing slash is added)."""
    try:
        return None if value is None else settings_mod.normalize_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _publish_options(command: Callable) -> Callable:
    """Build options for the show, feed and sound; each is named after its BuildSettings field."""
    options = [
        click.option(
            "--config",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Settings file (default: ./article2audio.toml if present).",
        ),
        click.option(
            "--cover",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Cover image, made a square JPEG of 1400-3000 px "
            "(default: settings, else the article's image).",
        ),
        click.option(
            "--base-url",
            callback=_url_option,
            help="Where DIR is served, e.g. https://example.com/pod/; needed for feed.xml.",
        ),
        click.option("--outro", help="Outro music file, or 'none' (default: none)."),
        click.option(
            "--loudness",
            "loudness_lufs",
            type=click.Choice(["-16", "-19", "-14"]),
            callback=lambda ctx, param, v: None if v is None else float(v),
            help="Loudness target in LUFS as heard [default: -16].",
        ),
        click.option(
            "--stereo/--mono",
            "channels",
            default=None,
            callback=lambda ctx, param, v: None if v is None else (2 if v else 1),
            help="Stereo (128 kbps unless --bitrate) or mono (96 kbps) MP3 [default: mono].",
        ),
        click.option("--srt/--no-srt", default=None, help="Also write DIR/<slug>.srt."),
        click.option(
            "--pause-scale",
            type=click.FloatRange(0.0, 4.0),
            help="Make the pauses between sentences longer (>1) or shorter (<1) [default: 1].",
        ),
        click.option(
            "--episode-number",
            type=click.IntRange(min=1),
            help="Episode number (default: the previous one when rebuilt, else the next).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _reading_options(command: Callable) -> Callable:
    """--format and --lexicon: how the article is read and said (build and sections)."""
    command = click.option(
        "--lexicon",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Pronunciation lexicon: a TOML file of word = \"how to say it\".",
    )(command)
    return click.option(
        "--format",
        "input_format",
        type=click.Choice(["md", "html", "txt", "rst"]),
        help="Force the article format (default: by extension, then by content).",
    )(command)


@click.group()
@click.version_option(package_name="article2audio")
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages on stderr.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def cli(verbose: bool, quiet: bool) -> None:
    """Turn a written article into a podcast episode."""
    _configure_logging(verbose)
    if quiet:
        logging.getLogger("article2audio").setLevel(logging.ERROR)


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
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the episode files [default: output, or output.dir in settings].",
)
@click.option("--title", help="Episode title (default: the article's title).")
@click.option("--author", help="Author / artist tag (default: front matter, else 'article2audio').")
@click.option("--show", help="Show name (album tag).")
@click.option(
    "--voice",
    help="Voice: a Piper .onnx file (default en_US-joe-medium), a gTTS accent (co.uk), an OpenAI voice.",
)
@_engine_options
@click.option("--intro", help="Intro music file, or 'none' (default: a generated jingle).")
@click.option(
    "--bitrate",
    type=click.IntRange(32, 320),
    help="MP3 bitrate in kbps (CBR) [default: 96].",
)
@_reading_options
@click.option("--no-cache", is_flag=True, help="Do not reuse or store synthesized clips.")
@click.option("--force", is_flag=True, help="Replace an existing episode.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@_publish_options
def build(
    articles: tuple[str, ...],
    jobs: int,
    output_dir: Path,
    title,
    author,
    show,
    voice,
    intro,
    bitrate: int,
    input_format,
    lexicon: Path | None,
    no_cache: bool,
    force: bool,
    as_json: bool,
    **engine_options,
) -> None:
    """Build each ARTICLE (a file, a folder of them, an http(s) URL, or -) into DIR/<slug>.mp3."""
    settings = settings_mod.load_settings(  # settings file < ARTICLE2AUDIO_* < these flags
        engine_options.pop("config", None),
        output_dir=output_dir,
        title=title,
        author=author,
        show=show,
        voice=voice,
        intro=intro,
        bitrate_kbps=bitrate,
        input_format=input_format,
        lexicon=lexicon,
        use_cache=False if no_cache else None,
        force=force or None,
        **engine_options,
    )
    sources = batch.expand_sources(list(articles))
    if len(sources) == 1:
        progress = _Progress(logger.isEnabledFor(logging.INFO))
        _print_episode(pipeline.build_episode(sources[0], settings, progress=progress), as_json)
        return
    results = batch.build_all(sources, settings, lambda _: _Progress(False), jobs)
    _print_batch(results, as_json)
    failed = sum(r.error is not None for r in results)
    if failed:
        raise BatchError(f"{failed} of {len(results)} articles failed")


def _episode_json(episode) -> dict:
    return {
        "path": str(episode.path),
        "title": episode.title,
        "duration": round(episode.duration_ms / 1000, 3),
        "chapters": [
            {"title": c.title, "start": c.start_ms / 1000, "end": c.end_ms / 1000}
            for c in episode.chapters
        ],
        "loudness_lufs": episode.loudness_lufs,
        "stage_seconds": {k: round(v, 3) for k, v in episode.stage_seconds.items()},
        "files": {kind: str(path) for kind, path in episode.extra_files.items()},
    }


def _print_episode(episode, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(_episode_json(episode), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{episode.path}  {pipeline.format_duration(episode.duration_ms)}, {len(episode.chapters)} chapters"
    )
    for chapter in episode.chapters:
        click.echo(f"  {pipeline.format_duration(chapter.start_ms):>8}  {chapter.title}")


def _print_batch(results: list[batch.BatchResult], as_json: bool) -> None:
    if as_json:
        report = {
            "episodes": [_episode_json(r.episode) for r in results if r.episode],
            "failed": [{"source": r.source, "error": r.error} for r in results if r.error],
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    width = max(len(r.source) for r in results)
    for r in results:
        if r.episode:
            done = f"ok      {pipeline.format_duration(r.episode.duration_ms):>8}  {len(r.episode.chapters):>3} ch  {r.episode.path}"
        else:
            done = f"FAILED  {r.error}"
        click.echo(f"{r.source:<{width}}  {done}")
    ok = sum(r.episode is not None for r in results)
    click.echo(f"{ok} of {len(results)} articles built")


@cli.command()
@click.argument("article")
@_reading_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def sections(article: str, input_format, lexicon: Path | None, as_json: bool) -> None:
    """Preview how ARTICLE (a file, a URL, or -) splits into chapters and what will be spoken."""
    settings = settings_mod.load_settings(input_format=input_format, lexicon=lexicon)
    prepared = pipeline.prepare(article, settings)  # same lexicon as build (settings file too)
    script = prepared.script
    items = []
    for index, section in enumerate(prepared.article.sections):
        spoken = script.section_text(index)
        items.append(
            {
                "title": section.title,
                "level": section.level,
                "subheadings": section.subheadings,
                "words": len(spoken.split()),
                "text": spoken,
            }
        )
    if as_json:
        click.echo(
            json.dumps(
                {"title": prepared.article.title, "meta": prepared.article.meta, "sections": items},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(prepared.article.title)
    for number, item in enumerate(items, start=1):
        click.echo(f"{number:>3}. {item['title']}  ({item['words']} words)")


@cli.command()
@click.option("--engine", help="Only this engine.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
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
    if as_json:
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    for item in listing:
        click.echo(f"{item['engine']}: {item['description']}")
        for voice in item["voices"]:
            click.echo(f"  {voice['name']:<28} {voice['language']:<12} {voice['description']}")


@cli.group()
def cache() -> None:
    """Inspect or empty the cache of synthesized clips."""


_cache_dir_option = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Clip cache folder (default: the user cache folder).",
)


def _cache_root(cache_dir: Path | None) -> Path:
    """--cache-dir, else the settings ([cache] dir, ARTICLE2AUDIO_CACHE_DIR), else the default."""
    from .cache import default_cache_dir

    return cache_dir or settings_mod.load_settings().cache_dir or default_cache_dir()


@cache.command("info")
@_cache_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def cache_info(cache_dir: Path | None, as_json: bool) -> None:
    """Where the cache is, how many clips it holds and how big it is."""
    from .cache import cache_info as read_info

    info = read_info(_cache_root(cache_dir))
    if as_json:
        click.echo(json.dumps(info.as_dict(), indent=2))
        return
    click.echo(f"{info.root}")
    click.echo(f"  {info.entries} clips, {info.bytes / 1e6:.1f} MB, {info.seconds / 60:.1f} min of speech")
    if info.leftovers:
        click.echo(f"  {info.leftovers} unfinished writes (from interrupted builds)")


@cache.command("clear")
@_cache_dir_option
@click.option("--older-than", type=click.FloatRange(0), help="Only clips unused for DAYS days.", metavar="DAYS")
def cache_clear(cache_dir: Path | None, older_than: float | None) -> None:
    """Delete cached clips (all of them, or the ones unused for a while)."""
    from .cache import clear_cache

    root = _cache_root(cache_dir)
    removed = clear_cache(root, older_than)
    click.echo(f"Removed {removed} clips from {root}")


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
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="Settings file.")
@click.option("--base-url", callback=_url_option, help="Where DIR is served.")
def feed(directory: Path, config: Path | None, base_url: str | None) -> None:
    """Rebuild DIR/feed.xml from the episodes' metadata (DIR/*.episode.json) alone."""
    from . import feed as feed_mod

    given = settings_mod.given_settings(config, base_url=base_url)
    path, count = feed_mod.rebuild_feed(directory, given)
    click.echo(f"{path}  {count} episodes")


@cli.command()
@click.argument("episode", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-loudness", is_flag=True, help="Skip the loudness measurement (faster).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def inspect(episode: Path, no_loudness: bool, as_json: bool) -> None:
    """Show an episode's tags, chapters, duration, bitrate, loudness and true peak."""
    from . import inspect as inspect_mod

    report = inspect_mod.inspect_episode(episode, measure=not no_loudness)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo(inspect_mod.format_report(report))


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
    """Console entry point: run the CLI, turning errors into one-line messages."""
    try:
        cli.main(standalone_mode=False, prog_name="article2audio")
    except Article2AudioError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo(
            "Error: interrupted; nothing was written (synthesized clips are kept in the cache)",
            err=True,
        )
        sys.exit(130)
    except OSError as exc:
        click.echo(
            f"Error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""),
            err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
