from django import forms
from django.utils.translation import gettext_lazy

from alerts.models import Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Địa chỉ email"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Vui lòng nhập địa chỉ email."),
            "invalid": gettext_lazy("Địa chỉ email không hợp lệ."),
        },
    )
    frequency = forms.ChoiceField(
        label=gettext_lazy("Tần suất"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.DAILY,
        error_messages={"invalid_choice": gettext_lazy("Tần suất không hợp lệ.")},
    )
    kind = forms.ChoiceField(
        choices=Subscription.Kind.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": gettext_lazy("Không rõ mục muốn theo dõi.")},
    )
    key = forms.CharField(
        required=False,
        max_length=Subscription._meta.get_field("key").max_length,
        widget=forms.HiddenInput,
        error_messages={"max_length": gettext_lazy("Câu tìm kiếm quá dài để theo dõi.")},
    )

    def clean_email(self):
        # Domains are case-insensitive, and so in practice are mailboxes: one
        # address, one subscription per topic, however it is typed.
        return self.cleaned_data["email"].strip().lower()
