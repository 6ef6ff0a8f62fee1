from django.contrib import admin

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


class ReflectionQuestionInline(admin.TabularInline):
    model = ReflectionQuestion
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "year"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher"]
    inlines = [ReflectionQuestionInline]


class DiscussionAnswerInline(admin.TabularInline):
    model = DiscussionAnswer
    extra = 0


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["resource", "organisation", "held_on", "visibility"]
    list_filter = ["visibility"]
    inlines = [DiscussionAnswerInline]


class MeetingTaskInline(admin.TabularInline):
    model = MeetingTask
    extra = 0
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
