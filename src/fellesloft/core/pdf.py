"""The one way the product turns HTML into PDF (WeasyPrint), from its pages' templates."""

from fellesloft.core.spreadsheets import clean_text


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of `html`. Control characters and non-characters that may be stored in older
    text are left out: WeasyPrint would draw each as a box in the middle of a word."""
    from weasyprint import HTML  # imported late: it loads Pango, which takes a moment

    return HTML(string=clean_text(html), base_url=base_url).write_pdf()
