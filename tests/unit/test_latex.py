"""TeX in listing titles and author names, as Unicode."""

from __future__ import annotations

import pytest

from paperbrief.sources.latex import decode


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("Bj{\\o}rnar", "Bjørnar"),
        ('M\\"uller', "Müller"),
        ("{\\'e}", "é"),
        ("Jos\\'e Rodr{\\'\\i}guez", "José Rodríguez"),
        ('Bar{\\i}\\c{s} Z\\"ong\\"ur, Fatih Erdo\\u{g}an', "Barış Zöngür, Fatih Erdoğan"),
        ("Sebastijan Duman\\v{c}i\\'c, Tobias Deu{\\ss}er, M{\\aa}rten", "Sebastijan Dumančić, Tobias Deußer, Mårten"),
        ("Bj\\o rnar and Jo\\~ao", "Bjørnar and João"),
        ("mod{\\`e}les g{\\'e}n{\\'e}ratifs", "modèles génératifs"),
        ("A $1000\\times$ Faster Planner", "A 1000× Faster Planner"),
        ("MS$^2$-based, Icon$^{2}$, H$_{2}$OT, $Q$-Learning", "MS^2-based, Icon^2, H_2OT, Q-Learning"),
        ("\\emph{FoQuS} and $\\texttt{DiffSyn}$ with $\\mathcal{O}(n)$", "FoQuS and DiffSyn with O(n)"),
        ("Memorization $\\neq$ Understanding in 360{\\deg} Video", "Memorization ≠ Understanding in 360° Video"),
        ("Cooperative \\& Fast: 50\\% of ~2x", "Cooperative & Fast: 50% of ~2x"),
        ("~2x at 50% cost with $\\lambda$", "~2x at 50% cost with λ"),  # TeX would read a comment and a space
        ("A title\n  wrapped   over lines", "A title wrapped over lines"),
    ],
)
def test_tex_becomes_unicode(tex: str, text: str) -> None:
    assert decode(tex) == text


def test_what_pylatexenc_would_garble_or_choke_on_stays_as_written() -> None:
    assert decode("\\verb|abc| d") == "\\verb|abc| d"  # pylatexenc drops the letters
    assert decode("See \\href{https://x.org}") == "See \\href{https://x.org}"  # pylatexenc raises IndexError
