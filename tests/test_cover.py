"""Cover art: checked, cropped, resized and converted with Pillow; unreadable images refused."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from article2audio.cover import article_cover, load_cover
from article2audio.errors import InputError
from article2audio.models import Article, Section
from article2audio.sources import Source


def _image(path, size, mode="RGB", fmt="PNG", color=(200, 30, 30)):
    if mode == "RGBA":
        color = (*color, 0)
    Image.new(mode, size, color).save(path, fmt)
    return path


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_small_wide_png_with_alpha_becomes_a_square_1400_jpeg(tmp_path):
    path = _image(tmp_path / "wide.png", (800, 400), mode="RGBA")
    image = _decoded(load_cover(path))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (1400, 1400)
    assert image.getpixel((700, 700)) == pytest.approx((255, 255, 255), abs=3)  # alpha -> white


def test_huge_image_is_scaled_down_to_3000(tmp_path):
    path = _image(tmp_path / "big.jpg", (3600, 3600), fmt="JPEG")
    assert _decoded(load_cover(path)).size == (3000, 3000)


def test_ready_square_jpeg_is_kept_byte_for_byte(tmp_path):
    path = _image(tmp_path / "ok.jpg", (1500, 1500), fmt="JPEG")
    assert load_cover(path) == path.read_bytes()


def test_other_formats_are_converted(tmp_path):
    path = _image(tmp_path / "art.gif", (1600, 1600), mode="P", fmt="GIF")
    image = _decoded(load_cover(path))
    assert image.format == "JPEG" and image.size == (1600, 1600)


@pytest.mark.parametrize("content", [b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 40])
def test_unreadable_image_is_an_input_error(tmp_path, content):
    path = tmp_path / "cover.png"
    path.write_bytes(content)
    with pytest.raises(InputError, match="cover image .*cover.png") as caught:
        load_cover(path)
    assert " object at 0x" not in str(caught.value)  # no Python repr (Pillow names its stream)


def test_missing_cover_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="nope.jpg"):
        load_cover(tmp_path / "nope.jpg")


def test_a_local_article_image_is_used_from_the_article_folder(tmp_path):
    _image(tmp_path / "art.png", (1500, 1500))
    source = Source("x", "a.md", tmp_path / "a.md")
    article = Article("T", [Section("T", 1, "x")], meta={"image": "art.png"})
    assert article_cover(article, source) == (tmp_path / "art.png").read_bytes()
    remote = Article("T", [Section("T", 1, "x")], meta={"image": "https://example.com/a.png"})
    assert article_cover(remote, source) is None  # a local article's web image is not fetched


def test_the_title_card_is_a_podcast_ready_square_with_the_title_drawn(tmp_path):
    from article2audio.cover import title_card

    card = title_card("City Notes", "Show Host")
    image = _decoded(card)
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (1400, 1400)
    path = tmp_path / "card.jpg"
    path.write_bytes(card)
    assert load_cover(path) == card  # accepted as it is, like a producer's own art
    assert title_card("City Notes", "Show Host") == card  # same show, same bytes
    title_box = np.asarray(image.crop((120, 560, 1280, 1180)).convert("L"))
    assert (title_box > 200).sum() > 5000  # the title's letters, light on the dark ground
    other = _decoded(title_card("Garden Hour", "Show Host")).crop((120, 560, 1280, 1180))
    assert (np.abs(np.asarray(other.convert("L")).astype(int) - title_box) > 100).sum() > 2000


def test_a_long_title_shrinks_to_stay_inside_the_card():
    from article2audio.cover import title_card

    title = " ".join(["Negotiations"] * 30)
    image = _decoded(title_card(title, "Host")).convert("L")
    author_band = np.asarray(image.crop((120, 1180, 1280, 1220)))  # below the title box
    assert author_band.max() < 200  # no title text spilled into it
