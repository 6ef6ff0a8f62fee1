"""The learning feed as Atom (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from fellesloft.learning import selectors
from fellesloft.learning.forms import FeedFilterForm
from fellesloft.search.registry import source_labels


class LearningAtomFeed(Feed):
    feed_type = Atom1Feed
    title = _("Læringsstrømmen i Fellesløft")
    subtitle = _(
        "Nytt fra nettverket: læringskort, barrierer og svar, dialoger, ressurser og referater."
    )

    def get_object(self, request, *args, **kwargs):
        form = FeedFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        # Feed readers have no session: they get what everyone may see.
        return {"user": request.user, "query": request.GET.urlencode(), **filters}

    def link(self, obj):
        query = obj["query"]
        return reverse("learning:feed") + (f"?{query}" if query else "")

    def items(self, obj):
        return selectors.learning_feed(
            user=obj["user"], municipality=obj.get("kommune"), theme=obj.get("tema")
        )[:50]

    def item_title(self, item):
        label = source_labels().get(item.source, item.source)
        return f"{item.title} ({label})"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"urn:fellesloft:{item.source}:{item.object_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.feed_at

    def item_updateddate(self, item):
        return item.indexed_at
