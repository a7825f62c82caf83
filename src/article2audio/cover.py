"""Cover art: find the episode's image, check it and make it a square JPEG podcast apps accept.

Where an image may come from is a safety rule (`article_cover`): a page fetched from the web
names images on the web, never local files; a local article names files in its own folder.

Apple Podcasts asks for a square RGB JPEG or PNG of 1400 to 3000 pixels. An image that is
already one is kept byte for byte; anything else is centre-cropped to a square, scaled into
that range and saved as a JPEG (transparency is laid on white). A show with no art at all gets
a generated title card (`title_card`), so its feed still carries the image Apple requires.
"""

from __future__ import annotations

import io
import logging
import math
import re
from pathlib import Path
from urllib.parse import urljoin

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from .errors import Article2AudioError, InputError
from .models import Article
from .sources import Source, fetch_image

logger = logging.getLogger(__name__)

MIN_SIDE = 1400
MAX_SIDE = 3000
JPEG_QUALITY = 90
MAX_IMAGE_PIXELS = 100_000_000  # refuse decompression bombs rather than hang


def article_cover(article: Article, source: Source, allow_private: bool = False) -> bytes | None:
    """The article's own image (front matter `image`, og:image) as cover bytes, or None.

    An image a fetched page names is fetched from the web with the page's limits (a local or
    private address only with `allow_private`), or ignored: never read from the local disk.
    An image a local article names must be a file inside the article's folder (no `..`, no
    absolute path or symlink out of it); a web address in a local article is not fetched."""
    image = article.meta.get("image", "").strip()
    if not image:
        return None
    if source.url:
        return _page_image(urljoin(source.url, image), source, allow_private)
    return _local_image(image, source.folder)


def _page_image(url: str, page: Source, allow_private: bool) -> bytes | None:
    """The image a fetched page names, fetched; None (with a warning) when it cannot be had."""
    try:
        return cover_from_bytes(fetch_image(url, page, allow_private), url)
    except Article2AudioError as exc:
        logger.warning("the page's image is not used: %s", exc)
        return None


def _local_image(image: str, folder: Path | None) -> bytes | None:
    """The image file a local article names, when it is inside the article's folder."""
    if folder is None or re.match(r"^[a-z][a-z0-9+.-]*:|^//", image, re.IGNORECASE):
        logger.info("the article's image %s is not a file beside it; no cover embedded", image)
        return None
    try:
        candidate = (folder / image).resolve()
    except (OSError, ValueError):  # a NUL in the name, a symlink loop
        candidate = None
    if candidate is None or not candidate.is_relative_to(folder):
        logger.warning(
            "the article's image %s is outside the article's folder %s; not used "
            "(give it with --cover)",
            image,
            folder,
        )
        return None
    if not candidate.is_file():
        logger.info("the article's image %s is not a file; no cover embedded", image)
        return None
    return load_cover(candidate)


def load_cover(path: Path) -> bytes:
    """The cover at `path` as podcast-ready bytes (square JPEG/PNG, 1400-3000 px); InputError if unusable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read cover image {path}: {exc.strerror or exc}") from exc
    return cover_from_bytes(data, str(path))


def cover_from_bytes(data: bytes, label: str) -> bytes:
    """Image bytes (from `label`, a file or URL) as podcast-ready cover bytes; InputError if unusable."""
    image = _open(data, label)
    if _is_ready(image):
        return data
    return _to_square_jpeg(image, label)


def _open(data: bytes, label: str) -> Image.Image:
    """Decode the image fully, so a truncated file fails here and not later."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except UnidentifiedImageError as exc:
        raise InputError(
            f"cover image {label} cannot be read: it is not an image, or in a format Pillow "
            "does not know"
        ) from exc
    except Image.DecompressionBombError as exc:
        raise InputError(
            f"cover image {label} cannot be read: over {MAX_IMAGE_PIXELS} pixels"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(
            f"cover image {label} cannot be read ({_cause(exc)}). Probable cause: the file is "
            "damaged or cut short"
        ) from exc
    return image


def _cause(exc: Exception) -> str:
    """What went wrong, without a Python object's repr (Pillow names the stream it read)."""
    return re.sub(r"\s*<[^<>]* object at 0x[0-9a-f]+>", "", str(exc)).strip() or type(exc).__name__


def _is_ready(image: Image.Image) -> bool:
    """Whether the image can be embedded as it is."""
    width, height = image.size
    return (
        image.format in ("JPEG", "PNG")
        and image.mode == "RGB"
        and width == height
        and MIN_SIDE <= width <= MAX_SIDE
    )


def _to_square_jpeg(image: Image.Image, label: str) -> bytes:
    """Centre-crop to a square, scale into 1400-3000 px, flatten to RGB and encode as JPEG."""
    image = ImageOps.exif_transpose(image)
    width, height = image.size
    side = min(width, height)
    if width != height:
        logger.warning("cover %s is %dx%d; cropped to a centred square", label, width, height)
    image = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    target = min(MAX_SIDE, max(MIN_SIDE, side))
    if target != side:
        if side < MIN_SIDE:
            logger.warning("cover %s is only %d px; scaled up to %d px", label, side, target)
        image = image.resize((target, target), Image.Resampling.LANCZOS)
    rgb = _flatten(image)
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB without transparency (transparent parts become white)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


CARD_SIDE = MIN_SIDE
_CARD_TOP = (18, 52, 77)  # deep blue, fading to
_CARD_BOTTOM = (12, 94, 92)  # teal
_CARD_TEXT = (245, 242, 232)
_CARD_ACCENT = (240, 180, 80)


def title_card(title: str, author: str = "") -> bytes:
    """A 1400 px square JPEG with the show's title and author, for a show given no cover.

    Drawn with Pillow's built-in scalable font, so nothing is downloaded; the same title
    always gives the same bytes.
    """
    image = Image.new("RGB", (CARD_SIDE, CARD_SIDE))
    draw = ImageDraw.Draw(image)
    for y in range(CARD_SIDE):  # vertical gradient
        mix = y / (CARD_SIDE - 1)
        colour = tuple(
            round(a + (b - a) * mix) for a, b in zip(_CARD_TOP, _CARD_BOTTOM, strict=True)
        )
        draw.line([(0, y), (CARD_SIDE, y)], fill=colour)
    margin = 120
    _draw_waveform(draw, margin, 300, CARD_SIDE - 2 * margin, 160)
    top, bottom = 560, CARD_SIDE - margin - 100  # the title's box, above the author line
    text, size = title or "Podcast", 128
    lines: list[str] = []
    while size > 48 and (not lines or len(lines) * size * 1.2 > bottom - top):
        size -= 8  # long titles: smaller type
        font = ImageFont.load_default(size=size)
        lines = _wrap(draw, text, font, CARD_SIDE - 2 * margin)
    fits = max(1, int((bottom - top) // (size * 1.2)))
    if len(lines) > fits:
        lines = [*lines[: fits - 1], lines[fits - 1] + " …"]
    y = top
    for line in lines:
        draw.text((margin, y), line, font=font, fill=_CARD_TEXT)
        y += int(size * 1.2)
    if author:
        draw.text((margin, CARD_SIDE - margin - 60), author, font=ImageFont.load_default(size=56),
                  fill=_CARD_ACCENT)  # fmt: skip
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _wrap(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> list[str]:
    """Words of `text` in lines no wider than `width` in `font` (a long word stands alone)."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _draw_waveform(
    draw: ImageDraw.ImageDraw, left: int, middle: int, width: int, height: int
) -> None:
    """A row of rounded bars shaped like speech, in the accent colour."""
    bars, gap = 36, 10
    bar = (width - gap * (bars - 1)) // bars
    for index in range(bars):
        level = 0.25 + 0.75 * abs(math.sin(index * 0.55) * math.cos(index * 0.21))
        half = max(bar // 2, int(level * height / 2))
        x = left + index * (bar + gap)
        draw.rounded_rectangle([x, middle - half, x + bar, middle + half], radius=bar // 2,
                               fill=_CARD_ACCENT)  # fmt: skip
