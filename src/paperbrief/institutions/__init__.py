"""Institution names: cleaning raw affiliation strings into organisations (`cleaning`), the bundled table
of known institutions with their Chinese names (`table`), and the word lists both go by (`words`, kept as
data in `data/affiliation_words.toml`).

The pipeline cleans every paper's institutions once, whatever their source (PDF, arXiv, JSONL, OpenAlex);
extraction only asks whether a header line reads as an affiliation or names one organisation.
"""

from .cleaning import clean_institutions, is_one_organisation, organisations
from .table import KnownInstitution, brief_institutions, chinese_name, lookup, name_key
from .words import looks_like_affiliation

__all__ = [
    "KnownInstitution",
    "brief_institutions",
    "chinese_name",
    "clean_institutions",
    "is_one_organisation",
    "looks_like_affiliation",
    "lookup",
    "name_key",
    "organisations",
]
