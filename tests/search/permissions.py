"""The search page and its API in the permission matrix: everyone may search (what they
find is theirs)."""

from tests.matrix import Case, everyone

CASES = [
    Case("search:search", everyone()),
    Case("api:search", everyone(), html=False),
]
