"""The `newswatch extract` contract, through the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SITE, seed_text

KEYS = {"quote", "speaker", "speaker_title", "speaker_affiliation", "speaker_role", "start", "end", "confidence"}


def run_extract(tmp_path: Path, docs: list[dict]) -> list[dict]:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs) + "not json\n", encoding="utf-8")
    exe = Path(sys.executable).parent / "newswatch"
    proc = subprocess.run(
        [str(exe), "extract", "--input", str(src), "--output", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stderr  # the bad line is reported, not fatal
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_text_input_follows_the_contract(tmp_path: Path) -> None:
    text = seed_text()
    rows = run_extract(tmp_path, [{"id": "seed", "text": text}])
    row = rows[0]
    assert row["id"] == "seed"
    assert row["quotes"] and all(set(q) == KEYS for q in row["quotes"])
    for q in row["quotes"]:
        assert text[q["start"] : q["end"]] == q["quote"]
    assert {"David Maxwell", "Evans Revere", "Leif-Eric Easley"} <= {q["speaker"] for q in row["quotes"]}
    assert row["mentions"] and all(set(m) == {"entity", "category", "text", "start", "end"} for m in row["mentions"])
    for m in row["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    assert rows[1]["error"] and rows[1]["quotes"] == []


def test_html_input_offsets_index_the_extracted_text(tmp_path: Path) -> None:
    html = (SITE / "korea-ledger/2019/10/07/kl-stockholm-walkout-talking-isnt-working.html").read_text(encoding="utf-8")
    row = run_extract(tmp_path, [{"id": 7, "html": html}])[0]
    assert row["id"] == 7
    assert row["quotes"]
    for q in row["quotes"]:
        assert row["text"][q["start"] : q["end"]] == q["quote"]
