"""The "Common claims, checked" page: every test a row names exists, every chapter has rows."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "claims.md").read_text(encoding="utf-8")
DEFINED = {
    name
    for path in (ROOT / "tests").glob("test_*.py")
    for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M)
}


def test_every_test_a_row_names_exists():
    cited = set(re.findall(r"`(test_\w+)`", PAGE))
    assert len(cited) >= 40
    assert cited <= DEFINED, sorted(cited - DEFINED)


def test_every_row_names_a_figure_or_section_and_a_test():
    rows = [line for line in PAGE.splitlines() if line.startswith("| ") and "---" not in line]
    body = [r for r in rows if not r.startswith("| Claim |")]
    assert len(body) >= 30
    for row in body:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]  # not \|
        assert len(cells) == 4, row
        claim, measured, shown, checked = cells
        assert claim, row
        assert measured, row
        assert re.search(r"\{(ref|numref|doc)\}", shown), row
        assert re.search(r"`test_\w+`", checked), row
