"""Uploaded files waiting between an import's preview and its confirmation, for every import of the portal.

The preview keeps the file under ``MEDIA_ROOT/uploads/<purpose>/`` with a random name and gives the browser a
signed token naming the file, the user and whatever the import needs to remember (unit, year, the preview's
counts). Confirming checks the signature, that the token is the same user's and less than a day old, and the
import then reads the same file again inside its transaction, so what is written is checked against the data as
it is at that moment. Nobody re-uploads, and a token cannot be used by someone else or altered to point at
another file. Files older than a day are removed whenever a new one is held.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing

MAX_AGE_SECONDS = 24 * 60 * 60


class UploadExpired(Exception):
    """The token is invalid, expired, someone else's, or its file is gone; the message says what to do."""


def _folder(purpose):
    path = Path(settings.MEDIA_ROOT) / "uploads" / purpose
    path.mkdir(parents=True, exist_ok=True)
    return path


def hold(uploaded, *, user, purpose, **data):
    """Keep ``uploaded`` for ``purpose`` and return the signed token with which ``user`` confirms its import."""
    purge_expired(purpose)
    name = f"{uuid.uuid4().hex}.xlsx"
    uploaded.seek(0)
    with open(_folder(purpose) / name, "wb") as target:
        for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
            target.write(chunk)
    return signing.dumps({"file": name, "user": user.pk, **data}, salt=f"uploads.{purpose}", compress=True)


def held(token, *, user, purpose):
    """Return ``(path, data)`` of the file a token issued to ``user`` for ``purpose`` names; raise
    ``UploadExpired`` otherwise."""
    try:
        data = signing.loads(token, salt=f"uploads.{purpose}", max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise UploadExpired("预览已超过24小时失效，请重新上传文件。") from None
    except signing.BadSignature:
        raise UploadExpired("导入凭据无效，请重新上传文件。") from None
    if data.get("user") != user.pk:
        raise UploadExpired("该预览不是您上传的，请自行上传文件后再确认导入。")
    path = _folder(purpose) / Path(data["file"]).name
    if not path.is_file():
        raise UploadExpired("待导入的文件已不存在（可能已经导入过），请重新上传文件。")
    return path, data


def release(path):
    """Delete a held file once it has been imported (or its preview replaced)."""
    Path(path).unlink(missing_ok=True)


def purge_expired(purpose):
    """Delete the held files of ``purpose`` older than a day."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in _folder(purpose).glob("*.xlsx"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
