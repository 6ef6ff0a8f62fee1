from django.urls import path

from fellesloft.notifications import views

_object = "<slug:app_label>/<slug:model>/<int:object_id>/"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/apne/", views.notification_open, name="open"),
    path("<int:pk>/lest/", views.notification_read, name="read"),
    path("les-alle/", views.notifications_read_all, name="read_all"),
    path("e-post/", views.email_choices, name="email_choices"),
    path(f"folg/{_object}", views.follow, name="follow"),
    path(f"slutt-a-folge/{_object}", views.unfollow, name="unfollow"),
    path(f"kommentarer/{_object}ny/", views.comment_add, name="comment_add"),
    path("kommentarer/<int:pk>/slett/", views.comment_delete, name="comment_delete"),
]
