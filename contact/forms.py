from django import forms

from contact.models import ContactMessage


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["name", "email", "company", "message"]
        labels = {"company": "Company (optional)"}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {"required": "Please tell me your name."},
            "email": {
                "required": "Please give an email address so I can reply.",
                "invalid": "That email address doesn't look right; please check it.",
            },
            "message": {"required": "Please write a message."},
        }

    def full_clean(self):
        super().full_clean()
        # Tie each error to its field for screen readers (the template renders the ids).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}_error"}
                )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError("Please write a message.")
        return message
