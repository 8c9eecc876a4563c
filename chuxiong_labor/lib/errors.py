"""The one exception for an action the rules refuse.

A service raises ``ActionRefused`` (or a kind of it, such as the nomination workflow's ``TransitionRefused``) with
a whole Chinese sentence that says why and what to do; the view shows that sentence and changes nothing. Views catch
this base class, so every app's refusals read and behave alike.
"""

import logging

from django.core.exceptions import PermissionDenied


class ActionRefused(Exception):
    """An action the rules do not allow; ``str(error)`` is the Chinese message for the user."""


def one_sentence(clauses):
    """Return ``clauses`` as one sentence, 「甲；乙。」: each clause's own closing punctuation is dropped first, so
    that none is doubled when the clauses are messages that end with 。 already."""
    parts = [str(clause).strip().rstrip("。；，、.;,") for clause in clauses]
    return "；".join(part for part in parts if part) + "。"


def form_problems(form):
    """Return a bound form's errors as one sentence naming each field: 「“会议日期”：这个字段是必填项；…。」."""
    return one_sentence(
        f"“{form.fields[name].label}”：{error}" if name in form.fields else error
        for name, errors in form.errors.items()
        for error in errors
    )


class DropIntendedRefusals(logging.Filter):
    """Keep Django's request log free of intended refusals: a ``PermissionDenied`` is a rule doing its job, and
    the 403 handler records it as one security event (and one line on this module's logger), not a traceback."""

    def filter(self, record):
        exception = record.exc_info[1] if record.exc_info else None
        return not (getattr(record, "status_code", None) == 403 and isinstance(exception, PermissionDenied))
