from django.conf import settings

from fellesloft.core.navigation import grouped, navigation_for


def navigation(request) -> dict:
    path = request.path
    items = navigation_for(request.user)
    for item in items:
        item["current"] = path == item["url"] or (
            item["url"] != "/" and path.startswith(item["url"])
        )
    return {"main_navigation": grouped(items), "site_url": settings.SITE_URL}
