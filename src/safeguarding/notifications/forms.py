from django import forms

from safeguarding.notifications.models import NotificationPreference
from safeguarding.notifications.services import PREFERENCE_FIELDS


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = list(PREFERENCE_FIELDS)
