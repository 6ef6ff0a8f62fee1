from django.shortcuts import render

from fellesloft.core.views import page_of
from fellesloft.search import queries
from fellesloft.search.forms import SearchForm
from fellesloft.search.registry import source_labels

PAGE_SIZE = 20


def search(request):
    """Everyone may search; each hit is one the user may open (see `queries.visible_q`)."""
    form = SearchForm(request.GET or None, labels=source_labels())
    page = None
    if form.is_valid():
        data = form.cleaned_data
        if data["q"].strip() or data["type"] or data["kommune"]:
            results = queries.search(
                user=request.user,
                query=data["q"],
                sources=data["type"],
                municipality=data["kommune"],
            )
            page = page_of(request, results, PAGE_SIZE)
    return render(request, "search/search.html", {"form": form, "page": page})
