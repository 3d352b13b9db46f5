"""Build the gold set from the hand-written annotations.

``annotations/<slug>.json`` lists each quoted span's exact text and its hand-assigned speaker; this script
finds the text in the article body (``seeds/snapshot/articles/<slug>.md``, paragraphs joined by "\\n"),
adds character offsets, and writes ``articles/<slug>.txt`` and ``articles/<slug>.quotes.json`` in the
format of the seed article's gold file. Run it after editing an article or an annotation.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "seeds" / "snapshot"))

from build import load_article  # noqa: E402  # the site builder owns the article format

# (annotations, article sources, output): the main set is the snapshot site's articles. The held-out set was
# written independently of the extractor and used as a development set; the blind set was written later by
# someone who never saw the extractor and is only ever scored, never used to tune rules. dev2 was written
# later still, also without seeing the extractor; it was scored once untouched, then used as a development set.
# blind2 was written by someone who never saw the extractor, and is only ever scored. dev3 came after it, also
# without seeing the extractor; scored once untouched, then used as a development set. So was dev4, and
# dev5 after it. blind4, written at the same time as dev5 by someone who never saw the extractor, is only scored.
SETS = (
    (HERE / "annotations", ROOT / "seeds" / "snapshot" / "articles", HERE / "articles"),
    (HERE / "heldout" / "annotations", HERE / "heldout" / "articles", HERE / "heldout" / "gold"),
    (HERE / "blind" / "annotations", HERE / "blind" / "articles", HERE / "blind" / "gold"),
    (HERE / "dev2" / "annotations", HERE / "dev2" / "articles", HERE / "dev2" / "gold"),
    (HERE / "blind2" / "annotations", HERE / "blind2" / "articles", HERE / "blind2" / "gold"),
    (HERE / "dev3" / "annotations", HERE / "dev3" / "articles", HERE / "dev3" / "gold"),
    (HERE / "dev4" / "annotations", HERE / "dev4" / "articles", HERE / "dev4" / "gold"),
    (HERE / "dev5" / "annotations", HERE / "dev5" / "articles", HERE / "dev5" / "gold"),
    (HERE / "blind4" / "annotations", HERE / "blind4" / "articles", HERE / "blind4" / "gold"),
)


def main() -> None:
    for annotation_dir, sources, out_dir in SETS:
        build(annotation_dir, sources, out_dir)


_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _aliases(aliases: list[str]) -> list[str]:
    """Aliases as the seed article's gold writes them: without a leading determiner ("the senator" ->
    "senator"). A speaker matches when an alias appears in it, and predicted speakers carry no determiner."""
    out: list[str] = []
    for alias in aliases:
        bare = _DETERMINER.sub("", alias.strip())
        if bare and bare not in out:
            out.append(bare)
    return out


def build(annotations: Path, sources: Path, out_dir: Path) -> None:
    out_dir.mkdir(exist_ok=True)
    total = 0
    for ann_path in sorted(annotations.glob("*.json")):
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        meta = load_article(sources / f"{ann_path.stem}.md")
        text = "\n".join(meta["paragraphs"]) + "\n"
        cursor = 0
        quotes = []
        for q in ann["quotes"]:
            occurrence = q.pop("occurrence", None)
            if occurrence:
                pos = -1
                for _ in range(occurrence):
                    pos = text.find(q["quote"], pos + 1)
            else:
                pos = text.find(q["quote"], cursor)
                if pos < 0:
                    pos = text.find(q["quote"])
            if pos < 0:
                raise SystemExit(f"{ann_path.name}: quote not found: {q['quote'][:60]!r}")
            cursor = pos + len(q["quote"])
            if q.get("aliases"):
                q["aliases"] = _aliases(q["aliases"])
            quotes.append(
                {
                    "quote": q["quote"],
                    "start": pos,
                    "end": pos + len(q["quote"]),
                    **{k: v for k, v in q.items() if k != "quote"},
                }
            )
        (out_dir / f"{ann_path.stem}.txt").write_text(text, encoding="utf-8")
        gold = {
            "id": ann.get("id", ann_path.stem),
            "source_file": f"{ann_path.stem}.txt",
            "outlet": meta["outlet"],
            "quotes": quotes,
        }
        (out_dir / f"{ann_path.stem}.quotes.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        total += len(quotes)
    print(f"{out_dir.relative_to(ROOT)}: {len(list(out_dir.glob('*.quotes.json')))} gold files, {total} quotes")


if __name__ == "__main__":
    main()
