"""Site-wide search: one index of every part of Fellesløft, filtered by each part's policy.

Each app declares what it puts in the index in its own `<app>/search.py` (a module-level list
`SOURCES` of `SearchSource`, see `fellesloft.search.registry`). This app imports no domain
app; the domain apps import the registry API from here.
"""

from fellesloft.search.registry import SearchSource

__all__ = ["SearchSource"]
