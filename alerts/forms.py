from django import forms

from alerts.models import Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Địa chỉ email",
        max_length=254,
        error_messages={
            "required": "Vui lòng nhập địa chỉ email.",
            "invalid": "Địa chỉ email không hợp lệ.",
        },
    )
    frequency = forms.ChoiceField(
        label="Tần suất",
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.DAILY,
        error_messages={"invalid_choice": "Tần suất không hợp lệ."},
    )
    kind = forms.ChoiceField(
        choices=Subscription.Kind.choices,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Không rõ mục muốn theo dõi."},
    )
    key = forms.CharField(
        required=False,
        max_length=Subscription._meta.get_field("key").max_length,
        widget=forms.HiddenInput,
        error_messages={"max_length": "Câu tìm kiếm quá dài để theo dõi."},
    )

    def clean_email(self):
        # Domains are case-insensitive, and so in practice are mailboxes: one
        # address, one subscription per topic, however it is typed.
        return self.cleaned_data["email"].strip().lower()
