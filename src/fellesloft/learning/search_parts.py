"""Search and feed registrations for parts of Fellesløft that have no `search.py` of their own.

The learning app cannot edit other apps, so the sources of parts that landed without a
`search.py` are listed here (see the registration API in `searchindex.py`). A source is used
only when its model exists, and a part's own `search.py` wins for the same key – so moving a
registration into its app is a matter of cutting it from here.
"""

from fellesloft.learning.searchindex import SearchSource


def sources() -> list[SearchSource]:
    return []
