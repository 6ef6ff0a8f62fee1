"""A file to download: reports, exports, calendar entries and codes the browser saves."""

from django.http import HttpResponse


def download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A file the browser saves as `filename` rather than shows. A view that writes into the
    response (a CSV writer) passes empty content."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
