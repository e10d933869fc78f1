from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safeguarding.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Told from below (ADR 11): the case services announce a new entry and a closure asked
        # for, and know nothing of notifications.
        from safeguarding.cases.hooks import on_closure_requested, on_entry_recorded
        from safeguarding.notifications.services import notify_closure_requested, notify_entry_recorded

        on_entry_recorded(notify_entry_recorded)
        on_closure_requested(notify_closure_requested)
