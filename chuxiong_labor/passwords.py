"""Password self-service: every user changes their own password, and must when someone else set it.

``User.must_change_password`` is set when an administrator creates a user or sets a password in the admin (and,
by migration 0008, for every account that had never signed in): until the user picks a password of their own,
``PasswordChangeRequired`` sends every page to the change form. Django's validators (length, common, similar to
the user's details, all digits; ``AUTH_PASSWORD_VALIDATORS``) answer in Chinese through the zh-hans locale,
except the length check, whose message Django 5.2 reworded without a Chinese translation yet
(``ChineseMinimumLengthValidator``). A
change ends the user's sessions on other devices: Django checks each session against a hash of the password,
and ``update_session_auth_hash`` renews only the session that made the change.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy

from .access import portal_view
from .lib.security import SecurityEvent, record_security_event


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    """Django's length check, with its message in Chinese."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        record_security_event(SecurityEvent.Kind.PASSWORD_CHANGED, request=self.request, user=form.user)
        messages.success(self.request, "密码已修改。您在其他设备上的登录已同时退出。")
        return response


password_change = portal_view()(PortalPasswordChangeView.as_view())


class SetByAdministratorMixin:
    """An admin form whose saved password the user must replace at their next sign-in."""

    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
            if hasattr(self, "save_m2m"):
                self.save_m2m()
        return user


class AdminSetPasswordForm(SetByAdministratorMixin, AdminPasswordChangeForm):
    pass


class AdminCreateUserForm(SetByAdministratorMixin, AdminUserCreationForm):
    pass


class PasswordChangeRequired:
    """Send a signed-in user who must change their password to the change form, from every page but that form
    and signing out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = (reverse("password_change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith("/static/"):
                messages.warning(request, "您的密码由管理员设置或尚未修改过，请先设置您自己的新密码。")
                return redirect("password_change")
        return self.get_response(request)
