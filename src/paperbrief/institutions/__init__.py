"""Institution names: cleaning raw affiliation strings into organisations (`cleaning`), the bundled table
of known institutions with their Chinese names and tiers (`table`), whether a name a model wrote is one the
paper lists (`matching`), and the word lists they go by (`words`, kept as data in
`data/affiliation_words.toml`).

The pipeline cleans every paper's institutions once, whatever their source (PDF, arXiv, JSONL, OpenAlex);
extraction only asks whether a header line reads as an affiliation or names one organisation.
"""

from .cleaning import (
    clean_institutions,
    continues_name,
    is_one_organisation,
    organisations,
    starts_new_affiliation,
    without_notes,
)
from .matching import is_listed, printed_names
from .table import KnownInstitution, brief_institutions, chinese_name, fame, lookup, name_key, rank_by_fame, resolve
from .words import looks_like_affiliation

__all__ = [
    "KnownInstitution",
    "brief_institutions",
    "chinese_name",
    "clean_institutions",
    "continues_name",
    "fame",
    "is_listed",
    "is_one_organisation",
    "looks_like_affiliation",
    "lookup",
    "name_key",
    "organisations",
    "printed_names",
    "rank_by_fame",
    "resolve",
    "starts_new_affiliation",
    "without_notes",
]
