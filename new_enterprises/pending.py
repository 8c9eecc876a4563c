"""Uploaded rosters waiting between preview and confirmation.

The preview stores the uploaded file under ``MEDIA_ROOT/new_enterprises/pending/`` with a random name and gives
the browser a signed token naming the file, the user, the unit, the year and the preview's counts. Confirming
checks the signature, that the token belongs to the same user and is less than a day old, then reads the same
file again inside the import, so what is written is checked against the registry as it is at that moment. Nobody
re-uploads, and a token cannot be used by another user or altered to point at another file.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing

SALT = "new_enterprises.roster-import"
MAX_AGE_SECONDS = 24 * 60 * 60


class PendingError(Exception):
    """The token is invalid, expired, someone else's, or its file is gone; the message says what to do."""


def pending_dir():
    path = Path(settings.MEDIA_ROOT) / "new_enterprises" / "pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(uploaded, *, user, unit, year, counts):
    """Save ``uploaded`` and return the signed token that lets ``user`` confirm its import."""
    purge_expired()
    name = f"{uuid.uuid4().hex}.xlsx"
    uploaded.seek(0)
    with open(pending_dir() / name, "wb") as target:
        for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
            target.write(chunk)
    return signing.dumps(
        {"file": name, "user": user.pk, "unit": unit.pk, "year": year, "counts": counts}, salt=SALT, compress=True
    )


def load(token, *, user):
    """Return ``(path, data)`` for a token issued to ``user``; raise ``PendingError`` otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise PendingError("预览已超过24小时失效，请重新上传名册。") from None
    except signing.BadSignature:
        raise PendingError("导入凭据无效，请重新上传名册。") from None
    if data.get("user") != user.pk:
        raise PendingError("该预览不是您上传的，请自行上传名册后再确认导入。")
    path = pending_dir() / Path(data["file"]).name
    if not path.is_file():
        raise PendingError("待导入的文件已不存在（可能已经导入过），请重新上传名册。")
    return path, data


def discard(path):
    """Delete a pending file once it has been imported."""
    Path(path).unlink(missing_ok=True)


def purge_expired():
    """Delete pending files older than a day."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in pending_dir().glob("*.xlsx"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
