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

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Valid in a quoted local part, but they would corrupt the Reply-To header.
        if any(ord(char) < 32 or ord(char) == 127 for char in email):
            raise forms.ValidationError("That email address doesn't look right; please check it.")
        return email
