from __future__ import annotations

from pathlib import Path

from newswatch.extract import clean_text, extract
from newswatch.fetch import decode_body
from newswatch.urls import article_id, canonicalize

from tests.conftest import SITE

SEED_PAGE = SITE / "korea-ledger" / "2019" / "10" / "07" / "kl-stockholm-walkout-talking-isnt-working.html"


def page(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("{{BASE_URL}}", "http://127.0.0.1:8732")


def test_seed_page_text_has_no_boilerplate_and_keeps_every_paragraph() -> None:
    result = extract(page(SEED_PAGE), "http://127.0.0.1:8732/x?utm_source=rss")
    assert result.is_article
    assert "ADVERTISEMENT" not in result.text.split("\n")
    assert "Advertisement" not in result.text
    assert "Sign up" not in result.text and "Related coverage" not in result.text
    assert result.text.startswith("If President Donald Trump is thinking a deal")
    assert result.text.rstrip().endswith("he staged a walkout of his own.")
    assert len(result.text.split("\n")) == 24


def test_seed_page_metadata_from_json_ld() -> None:
    result = extract(page(SEED_PAGE), "http://127.0.0.1:8732/x?utm_source=rss")
    assert result.title == "Stockholm walkout shows talking with Kim isn't working"
    assert result.published_at == "2019-10-07T11:00:00+00:00"
    assert result.author == "Ledger Staff"
    assert result.canonical_url == ("http://127.0.0.1:8732/2019/10/07/kl-stockholm-walkout-talking-isnt-working.html")


def test_non_article_page_is_skipped_with_reason() -> None:
    result = extract(page(SITE / "korea-ledger" / "about" / "mx-page-newsletter.html"), "http://127.0.0.1/a")
    assert not result.is_article
    assert result.skip_reason in {"not_an_article", "too_little_text"}


def test_broken_html_does_not_raise() -> None:
    for html in ["", "<html><body><p>unclosed <b>tags<div>", "\x00\x01garbage", "<" * 1000]:
        result = extract(html, "http://127.0.0.1/x")
        assert not result.is_article


def test_clean_text_drops_ad_lines_only() -> None:
    assert clean_text("Para one.\nADVERTISEMENT\n\nStory continues below advertisement\nAd hoc talks.") == (
        "Para one.\nAd hoc talks."
    )


def test_canonical_url_strips_tracking_and_fragment() -> None:
    url = "HTTP://Example.COM:80/a/b.html?utm_source=rss&id=3&fbclid=x#top"
    assert canonicalize(url) == "http://example.com/a/b.html?id=3"
    assert article_id(canonicalize(url)) == article_id("http://example.com/a/b.html?id=3")


def test_decode_body_honours_declared_charset_and_falls_back() -> None:
    assert decode_body("café".encode("latin-1"), "text/html; charset=iso-8859-1") == "café"
    assert decode_body("café".encode(), "text/html") == "café"
    assert decode_body("café".encode(), "text/html; charset=iso-8859-1") == "café"  # wrong label, real UTF-8
    assert "caf" in decode_body(b"<meta charset='windows-1252'>caf\xe9", "")
