"""Extraction throughput on one core: HTML -> text, then text -> quotes + mentions.

The corpus is generated, deterministically, from the project's own snapshot articles
(``seeds/snapshot/articles/*.md``): 200 pages of about 800 words, each a headline and lede from one
article followed by paragraphs drawn at random from all of them, rendered with the snapshot site's own
page template (``seeds/snapshot/build.py``) so the pages carry the same masthead, JSON-LD, ad slots,
newsletter promo, share links, related-coverage list and footer as the demo site.

Each page comes in two styles: the bare snapshot page (about 9 KB) and a full page (about 69 KB,
``_fullpage.dress``): the same article with the furniture of a news site's article page around it. The
benchmark fails unless ``extract`` returns the same text from both.

Measured, each as the median of several timed passes over the whole corpus after one warm-up pass:

(a)  ``newswatch.extract.extract(html, url)`` on the bare pages                   -> articles/second
(a') the same on the full pages                                                   -> articles/second
(b)  ``newswatch.quotes.quotes_and_mentions(text, gazetteer)``, as the pipeline calls it: quotes and
     gazetteer mentions, the text split into sentences once for both, on the texts (a) extracted -> articles/s
(c)  time of (b) as a share of the time of (a), and of (a')

Also shown, as parts of (b): ``extract_quotes(text)`` alone and ``Gazetteer.find(text)`` alone. Each splits
the text into sentences itself, so the two add up to more than (b).

Run with ``make bench`` (all benchmarks) or ``.venv/bin/python bench/bench_extraction.py`` (this one).
"""

from __future__ import annotations

import gzip
import hashlib
import random
import statistics
import sys
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from _common import (
    COMMAND,
    REPO,
    format_table,
    machine_info,
    now_utc,
    pin_single_core,
    source_digest,
    summarize,
    time_repeats,
    write_results,
)
from _fullpage import dress

if TYPE_CHECKING:
    from newswatch.mentions import Gazetteer

NAME = "extraction"
SEED = 20191108
PAGES = 200
TARGET_WORDS = 800
REPEATS = 5
SNAPSHOT_DIR = REPO / "seeds" / "snapshot"
GAZETTEER_PATH = REPO / "seeds" / "gazetteer" / "us_dprk_negotiations.yaml"
# Reserved for documentation (RFC 2606): never resolved, and nothing here fetches anyway.
BASE_URL = "https://{outlet}.example"
AD_MARKER = "ADVERTISEMENT"


@dataclass(frozen=True)
class Page:
    url: str
    html: str  # the snapshot template's bare page
    words: int
    full_html: str  # the same article with a news site's page furniture (``_fullpage.dress``)


def _snapshot_build() -> Any:
    """The snapshot site's ``build`` module (``render_article``, ``load_article``, ``OUTLETS``, ...)."""
    folder = str(SNAPSHOT_DIR)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import build  # seeds/snapshot/build.py, found via sys.path

    return build


def _words(paragraph: str) -> int:
    return 0 if paragraph.strip().upper() == AD_MARKER else len(paragraph.split())


def draw_paragraphs(
    rng: random.Random, base: dict[str, Any], pool: list[tuple[str, int, str]], target: int
) -> tuple[list[str], int]:
    """The base article's lede, then random paragraphs of all articles up to about ``target`` words."""
    paragraphs = [base["paragraphs"][0]]
    used = {(base["slug"], 0)}
    words = _words(paragraphs[0])
    for slug, i, para in rng.sample(pool, len(pool)):
        if words >= target:
            break
        if (slug, i) in used:
            continue
        used.add((slug, i))
        paragraphs.append(para)
        words += _words(para)
    # Drop the last paragraph when that lands closer to the target.
    last = _words(paragraphs[-1])
    if len(paragraphs) > 2 and abs(words - last - target) < abs(words - target):
        paragraphs.pop()
        words -= last
    return paragraphs, words


def build_corpus(pages: int = PAGES, target_words: int = TARGET_WORDS, seed: int = SEED) -> list[Page]:
    """``pages`` article pages of about ``target_words`` words, the same bytes on every run."""
    build = _snapshot_build()
    sources: list[dict[str, Any]] = [build.load_article(p) for p in sorted(build.ARTICLES.glob("*.md"))]
    stories = [a for a in sources if a["kind"] != "page"]  # about pages are not news copy
    pool = [(a["slug"], i, p) for a in stories for i, p in enumerate(a["paragraphs"])]
    rng = random.Random(seed)
    corpus: list[Page] = []
    for n in range(pages):
        base = rng.choice(stories)
        paragraphs, words = draw_paragraphs(rng, base, pool, target_words)
        meta = {
            "outlet": base["outlet"],
            "slug": f"bench-{n:03d}-{base['slug']}",
            "title": base["title"],
            "author": base["author"],
            "published": base["published"] + timedelta(minutes=n),
            "section": base.get("section", "World"),
            "kind": base["kind"],
            "paragraphs": paragraphs,
        }
        related = [a for a in stories if a["outlet"] == base["outlet"] and a is not base][:4]
        base_url = BASE_URL.format(outlet=base["outlet"])
        html = build.render_article(meta, build.OUTLETS[base["outlet"]], related).replace("{{BASE_URL}}", base_url)
        full = dress(html, [p for p in paragraphs if p.strip().upper() != AD_MARKER], seed + n)
        corpus.append(Page(url=base_url + build.article_path(meta), html=html, words=words, full_html=full))
    return corpus


def _package_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def run(repeats: int = REPEATS) -> dict[str, Any]:
    """Build the corpus, time (a) and (b), and return the figures (also what goes into the JSON)."""
    cpus = pin_single_core()
    # Imported only now, so the thread limits above are in place before any native library loads.
    from newswatch import EXTRACTOR_VERSION
    from newswatch.extract import extract
    from newswatch.mentions import Gazetteer
    from newswatch.quotes import extract_quotes, quotes_and_mentions

    code = source_digest(REPO / "plugins" / "newswatch")  # right after import: the code being measured
    corpus = build_corpus()
    gazetteer: Gazetteer = Gazetteer.load(GAZETTEER_PATH)  # loaded once, as the pipeline caches it

    extracted = [extract(page.html, page.url) for page in corpus]
    not_articles = [(p.url, e.skip_reason) for p, e in zip(corpus, extracted, strict=True) if not e.is_article]
    if not_articles:
        raise RuntimeError(f"{len(not_articles)} generated pages were not extracted as articles: {not_articles[:3]}")
    texts = [e.text for e in extracted]
    # Both page styles must time the same article: the furniture must not change what is extracted.
    changed = [p.url for p, t in zip(corpus, texts, strict=True) if extract(p.full_html, p.url).text != t]
    if changed:
        raise RuntimeError(f"{len(changed)} full pages extract differently from their bare pages: {changed[:3]}")

    def extract_all() -> None:
        for page in corpus:
            extract(page.html, page.url)

    def extract_full() -> None:
        for page in corpus:
            extract(page.full_html, page.url)

    def analyze_all() -> None:
        for text in texts:
            quotes_and_mentions(text, gazetteer)

    def quotes_only() -> None:
        for text in texts:
            extract_quotes(text)

    def mentions_only() -> None:
        for text in texts:
            gazetteer.find(text)

    t_extract = summarize(time_repeats(extract_all, repeats))
    t_full = summarize(time_repeats(extract_full, repeats))
    t_analyze = summarize(time_repeats(analyze_all, repeats))
    t_quotes = summarize(time_repeats(quotes_only, repeats))
    t_mentions = summarize(time_repeats(mentions_only, repeats))

    n = len(corpus)
    html_bytes = sum(len(p.html.encode("utf-8")) for p in corpus)
    full_bytes = [p.full_html.encode("utf-8") for p in corpus]
    page_words = [p.words for p in corpus]
    text_words = [len(t.split()) for t in texts]
    found = [quotes_and_mentions(t, gazetteer) for t in texts]  # what (b) finds
    quotes = sum(len(q) for q, _ in found)
    mentions = sum(len(m) for _, m in found)
    share = t_analyze["median_s"] / t_extract["median_s"]
    share_full = t_analyze["median_s"] / t_full["median_s"]
    return {
        "benchmark": NAME,
        "date": now_utc(),
        "command": COMMAND,
        "machine": machine_info(),
        "setup": {
            "cpu_affinity": cpus,
            "repeats": repeats,
            "warmup_passes": 1,
            "statistic": "median of timed passes over the whole corpus (time.perf_counter)",
            "newswatch_extractor_version": EXTRACTOR_VERSION,
            "newswatch_source_sha256": code,
            "trafilatura": _package_version("trafilatura"),
            "lxml": _package_version("lxml"),
        },
        "corpus": {
            "pages": n,
            "seed": SEED,
            "target_words": TARGET_WORDS,
            "page_words_mean": round(statistics.fmean(page_words), 1),
            "page_words_min": min(page_words),
            "page_words_max": max(page_words),
            "extracted_words_mean": round(statistics.fmean(text_words), 1),
            "html_kb_mean": round(html_bytes / n / 1024, 1),
            "full_html_kb_mean": round(sum(map(len, full_bytes)) / n / 1024, 1),
            "full_html_gzip_kb_mean": round(sum(len(gzip.compress(b)) for b in full_bytes) / n / 1024, 1),
            "sha256": hashlib.sha256("".join(p.html for p in corpus).encode("utf-8")).hexdigest(),
            "full_sha256": hashlib.sha256(b"".join(full_bytes)).hexdigest(),
            "quotes_found": quotes,
            "mentions_found": mentions,
        },
        "results": {
            "extract": {**t_extract, "articles_per_s": _rate(n, t_extract["median_s"])},
            "extract_full_page": {**t_full, "articles_per_s": _rate(n, t_full["median_s"])},
            "quotes_and_mentions": {**t_analyze, "articles_per_s": _rate(n, t_analyze["median_s"])},
            "quotes_only": {**t_quotes, "articles_per_s": _rate(n, t_quotes["median_s"])},
            "mentions_only": {**t_mentions, "articles_per_s": _rate(n, t_mentions["median_s"])},
            "quotes_and_mentions_share_of_extract": share,
            "quotes_and_mentions_share_of_extract_full_page": share_full,
        },
    }


def table(result: dict[str, Any]) -> str:
    res = result["results"]
    corpus = result["corpus"]
    n = corpus["pages"]
    extract_s = res["extract"]["median_s"]

    full_s = res["extract_full_page"]["median_s"]

    def row(label: str, key: str) -> list[str]:
        r = res[key]
        return [
            label,
            f"{r['articles_per_s']:,.1f}",
            f"{r['median_s'] / n * 1000:.2f}",
            f"{r['min_s'] / n * 1000:.2f}–{r['max_s'] / n * 1000:.2f}",
            f"{r['median_s'] / extract_s:.1%}",
            f"{r['median_s'] / full_s:.1%}",
        ]

    header = ["stage (1 core)", "articles/s", "ms/article", "range ms", "vs (a)", "vs (a')"]
    rows = [
        row("(a) extract(html, url), bare page", "extract"),
        row("(a') extract(html, url), full page", "extract_full_page"),
        row("(b) quotes + mentions", "quotes_and_mentions"),
        row("    quotes only", "quotes_only"),
        row("    mentions only", "mentions_only"),
    ]
    machine = result["machine"]
    return "\n".join(
        [
            format_table(header, rows),
            f"(c) (b) takes {res['quotes_and_mentions_share_of_extract']:.1%} of the time of (a) on bare pages, "
            f"{res['quotes_and_mentions_share_of_extract_full_page']:.1%} of (a') on full pages",
            f"corpus: {n} articles, {corpus['page_words_mean']:.0f} words "
            f"({corpus['page_words_min']}–{corpus['page_words_max']}); bare pages {corpus['html_kb_mean']} KB "
            f"HTML, full pages {corpus['full_html_kb_mean']} KB ({corpus['full_html_gzip_kb_mean']} KB gzipped); "
            f"{corpus['quotes_found']} quotes, {corpus['mentions_found']} mentions found",
            f"median of {result['setup']['repeats']} passes after 1 warm-up; CPUs {result['setup']['cpu_affinity']}; "
            f"{machine['cpu_model']}; {machine['python']}",
        ]
    )


def main() -> str:
    result = run()
    path = write_results(NAME, result)
    return f"{table(result)}\nwritten: {path.relative_to(REPO)}"


if __name__ == "__main__":
    print(main())
