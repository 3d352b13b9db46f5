"""The HTML report in a real headless browser (Debian's chromium): no console errors, every chart drawn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from newswatch.db import connect
from newswatch.discover import Window
from newswatch.pipeline import analyze, discover, extract_pages, fetch, gazetteer, load_run, plan_run
from newswatch.report import gazetteer_events, write_report
from newswatch.settings import Settings

from tests.conftest import write_sources

pytestmark = pytest.mark.integration
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def report(tmp_path: Path, settings: Settings, snapshot_site: dict[str, str]) -> Path:
    sources = write_sources(tmp_path / "sources.yaml", snapshot_site)
    plan = plan_run(str(sources), Window.for_day("2019-11-08"), "report_test", settings)
    paths = []
    for name in plan["sources"]:
        found = fetch(plan, name, discover(plan, name, settings=settings), settings=settings)
        paths.append(analyze(plan, name, extract_pages(plan, name, found, settings=settings), settings=settings))
    load_run(plan, paths, settings=settings)
    with connect(settings.db_path, write=True) as con:
        return write_report(con, tmp_path / "report.html", gazetteer_events(gazetteer(settings)))


def test_report_loads_without_console_errors_and_draws_every_chart(report: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium package is required (installed by .ci/run)"
    html = report.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # self-contained: nothing fetched when viewed
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        try:
            page = browser.new_page()
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on(
                "request", lambda req: errors.append("request " + req.url) if not req.url.startswith("file:") else None
            )
            page.goto(report.as_uri())
            charts = page.eval_on_selector_all(
                "svg.chart",
                "els => els.map(e => ({marks: e.querySelectorAll('rect, path, circle').length, "
                "w: e.getBoundingClientRect().width, title: e.parentElement.querySelector('h2').textContent}))",
            )
            page.screenshot(path=str(report.with_suffix(".png")), full_page=True)
        finally:
            browser.close()
    assert errors == []
    titles = " | ".join(c["title"] for c in charts)
    for needed in ("Mentions over time", "Top quoted experts", "Share of voice", "Tone over time"):
        assert needed in titles
    for chart in charts:
        assert chart["marks"] > 0 and chart["w"] > 100, chart
