"""Folding Vietnamese text for search: 'Điện Biên', 'ĐIỆN BIÊN' and 'dien bien' all become 'dien bien'.

The folded form is stored beside the record (`search_text`) and the query is folded the same way,
so search behaves identically on SQLite and PostgreSQL (neither folds đ by itself in LIKE).
"""

import html
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def fold(text: str | None) -> str:
    if not text:
        return ""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = _PUNCT.sub(" ", stripped.lower())
    return _SPACES.sub(" ", stripped).strip()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a query; every word must match."""
    return [word for word in fold(query).split(" ") if word]


def escape_html(value) -> str:
    """Django's conditional_escape() without its lazy-string wrapper (format_html() costs more than
    twice an f-string with this): for hot loops that build HTML, such as table cells and options."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
