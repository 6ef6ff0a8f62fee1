from django.contrib import admin

from fellesloft.core.admin import TableInline
from fellesloft.learning.models import (
    DigestPreference,
    Discussion,
    DiscussionAnswer,
    MeetingRegistration,
    MeetingTask,
    NetworkMeeting,
    ReflectionQuestion,
    Resource,
)


class ReflectionQuestionInline(TableInline):
    model = ReflectionQuestion


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "year"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher"]
    inlines = [ReflectionQuestionInline]


class DiscussionAnswerInline(TableInline):
    model = DiscussionAnswer


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["resource", "organisation", "held_on", "visibility"]
    list_filter = ["visibility"]
    inlines = [DiscussionAnswerInline]


class MeetingTaskInline(TableInline):
    model = MeetingTask
    autocomplete_fields = ["owner"]


@admin.register(NetworkMeeting)
class NetworkMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "location", "host_municipality"]
    search_fields = ["title"]
    inlines = [MeetingTaskInline]


@admin.register(MeetingRegistration)
class MeetingRegistrationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "created_at"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "is_subscribed", "last_sent_at"]
