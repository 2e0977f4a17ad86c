"""LaTeX in titles and author names as plain Unicode: `Bj{\\o}rnar` → `Bjørnar`, `M\\"uller` → `Müller`,
`MS$^2$` → `MS^2`, `$7\\times$` → `7×`.

Listings write names and titles in TeX. The accents (nearly all of it) are decoded here with one regular
expression; only what is left over (math, macros such as `\\emph`) goes to `pylatexenc`, imported on first
need, because it costs about half a millisecond a call where the regular expression costs a microsecond, and
a day's listing has thousands of names. Abstracts are left as arXiv wrote them (the API sends them the same
way), so nothing here runs on them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pylatexenc.latex2text import LatexNodes2Text

# Accent commands and the combining marks they put on the next letter.
_MARKS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
# Letters (and the degree sign) that are commands of their own; `\i` and `\j` are the dotless forms that accents
# sit on (`\'\i` is í).
_LETTERS = {
    "ss": "ß",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "deg": "°",  # arXiv writes `360{\deg}` for degrees
}
_DOTLESS = {"\\i": "i", "\\j": "j"}
_LETTER = r"\\(?:" + "|".join(_LETTERS) + r")(?![A-Za-z])"
# `\'e`, `\'{e}`, `{\'e}`, `\'{\i}`, `\v{c}`, `\v c` (a letter command needs a brace or a space before its letter,
# so `\cdot` or `\delta` are not taken for accents); outer braces are consumed when they enclose only the accent.
_ACCENT = re.compile(
    r"(?P<open>\{)?"
    r"\\(?:(?P<symbol>[`'^~=.\"])\s*|(?P<word>[uvHckrdb])(?=\s*\{|\s+[A-Za-z]))"
    rf"(?:\{{\s*(?P<braced>{_LETTER}|[A-Za-z])\s*\}}|\s*(?P<bare>{_LETTER}|[A-Za-z]))"
    r"(?(open)\})"
)
# `{\o}`, `\o{}`, `\ss `: a letter command eats one following space, as TeX does.
_SPECIAL = re.compile(rf"(?P<open>\{{)?(?P<letter>{_LETTER})(?(open)\}}|(?:\{{\}}| )?)")
_ESCAPED = re.compile(r"\\([&%_#])")
# Font commands around plain text: `\emph{FoQuS}`, `$\texttt{DiffSyn}$`, `$\mathcal{O}$` read best as the letters
# (pylatexenc drops `\texttt` in math, and turns `\mathcal{O}` into script letters no search finds).
_STYLED = re.compile(
    r"\\(?:text(?:it|bf|tt|sc|rm|sf|up|normal)?|emph|math(?:rm|it|bf|tt|sf|cal|bb|frak|scr)|bf|it|rm|tt|sf)"
    r"\s*\{([^{}\\$]*)\}"
)
# Math without commands, the commonest kind in titles: `MS$^2$`, `Icon$^{2}$`, `H$_{2}$O`, `$Q$`-learning.
_PLAIN_MATH = re.compile(r"\$([\^_]?)\{?([^$\\{}]*)\}?\$")
_TEX = re.compile(r"[\\${}]")
# Placeholders for what TeX reads differently from a listing's authors: `%` starts a comment and `~` is a space,
# but in a title they are a percentage and "approximately".
_KEEP = {"%": "\ue000", "~": "\ue001"}


def decode(text: str) -> str:
    """`text` with its TeX accents, escapes and math turned into Unicode, whitespace collapsed."""
    if not _TEX.search(text):
        return " ".join(text.split())
    text = _SPECIAL.sub(lambda m: _LETTERS[m["letter"][1:]], _ACCENT.sub(_accented, text))
    text = _PLAIN_MATH.sub(r"\1\2", _STYLED.sub(r"\1", _ESCAPED.sub(r"\1", text)))
    if _TEX.search(text):
        text = _via_pylatexenc(text)
    return " ".join(text.split())


def _accented(match: re.Match[str]) -> str:
    base = match["braced"] or match["bare"]
    letter = _DOTLESS.get(base) or (_LETTERS[base[1:]] if base.startswith("\\") else base)
    return unicodedata.normalize("NFC", letter + _MARKS[match["symbol"] or match["word"]])


def _via_pylatexenc(text: str) -> str:
    """What pylatexenc makes of `text`, unless that loses letters (it drops malformed groups such as
    `$\\texttt{I$^2$MoE}$` whole): then `text` as it is, TeX and all, which at least says everything."""
    protected = "".join(_KEEP.get(c, c) for c in text)
    try:
        converted: str = _converter().latex_to_text(protected)
    except Exception:  # a parser of arbitrary text: its bugs (an IndexError on `\\href` alone) must not fail a paper
        return text
    for plain, placeholder in _KEEP.items():
        converted = converted.replace(placeholder, plain)
    return converted if _letters(converted) >= _letters(re.sub(r"\\[A-Za-z]+", "", text)) else text


def _letters(text: str) -> int:
    return sum(c.isalnum() for c in text)


@cache
def _converter() -> LatexNodes2Text:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text()
