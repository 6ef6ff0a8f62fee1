"""The demo's last step: every part has loaded its content, so the index is built once."""

from fellesloft.search import indexing


def load(*, stdout) -> None:
    counts = indexing.rebuild()
    stdout.write(f"Søk: søkeindeksen har {sum(counts.values())} dokumenter.")
