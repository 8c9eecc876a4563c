"""The Content-Security-Policy allows no inline styles, so no page template or view writes a style attribute
(PDF templates, rendered by WeasyPrint and never served as pages, may)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INLINE_STYLE = re.compile(r"""\sstyle\s*=\s*["']|<style[\s>]""", re.IGNORECASE)


def page_sources():
    templates = [p for p in (ROOT / "templates").rglob("*.html") if "pdf" not in p.relative_to(ROOT).parts]
    python = [
        p
        for p in ROOT.glob("*/*.py")
        if p.parts[-2] not in ("tests", "benchmarks", ".venv") and not p.name.startswith("pdf")
    ]
    return templates + python


@pytest.mark.django_db
def test_the_policy_allows_no_inline_styles(client, county_user):
    client.force_login(county_user)
    policy = client.get("/")["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_no_page_source_writes_an_inline_style():
    offenders = [str(p.relative_to(ROOT)) for p in page_sources() if INLINE_STYLE.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
