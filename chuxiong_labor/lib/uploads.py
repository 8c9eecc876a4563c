"""Uploaded files waiting between an import's preview and its confirmation, for every import of the portal.

The preview keeps the file in the database (``HeldUpload``) and gives the browser a signed token naming the row,
the user and whatever the import needs to remember (unit, year, the preview's counts). Because the file is in
the database and not on one server's disk, the confirmation may be answered by any app server behind the
proxy. Confirming checks the signature, that the token is the same user's and less than a day old, and the
import then reads the same file again inside its transaction, so what is written is checked against the data as
it is at that moment. Nobody re-uploads, and a token cannot be used by someone else or altered to point at
another file. Files older than a day are removed whenever a new one is held.
"""

import io
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone

MAX_AGE_SECONDS = 24 * 60 * 60


class UploadExpired(Exception):
    """The token is invalid, expired, someone else's, or its file is gone; the message says what to do."""


class HeldUpload(models.Model):
    id = models.UUIDField("编号", primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField("用途", max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+"
    )
    content = models.BinaryField("文件")
    created_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "待确认的导入文件"
        verbose_name_plural = "待确认的导入文件"

    def __str__(self):
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"

    def open(self, mode="rb"):
        """Return the held bytes as a file object (the imports read it like the uploaded file)."""
        return io.BytesIO(bytes(self.content))

    def read_bytes(self):
        return bytes(self.content)


def hold(uploaded, *, user, purpose, **data):
    """Keep ``uploaded`` for ``purpose`` and return the signed token with which ``user`` confirms its import."""
    purge_expired()
    uploaded.seek(0)
    stored = HeldUpload.objects.create(purpose=purpose, owner=user, content=uploaded.read())
    return signing.dumps({"file": str(stored.pk), "user": user.pk, **data}, salt=f"uploads.{purpose}", compress=True)


def held(token, *, user, purpose):
    """Return ``(held file, data)`` for a token issued to ``user`` for ``purpose``; raise ``UploadExpired``
    otherwise. The held file's ``open()`` gives its bytes as a file object."""
    try:
        data = signing.loads(token, salt=f"uploads.{purpose}", max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise UploadExpired("预览已超过24小时失效，请重新上传文件。") from None
    except signing.BadSignature:
        raise UploadExpired("导入凭据无效，请重新上传文件。") from None
    if data.get("user") != user.pk:
        raise UploadExpired("该预览不是您上传的，请自行上传文件后再确认导入。")
    stored = HeldUpload.objects.filter(pk=data["file"], purpose=purpose, owner=user).first()
    if stored is None:
        raise UploadExpired("待导入的文件已不存在（可能已经导入过），请重新上传文件。")
    return stored, data


def release(stored):
    """Delete a held file once it has been imported (or its preview replaced)."""
    HeldUpload.objects.filter(pk=stored.pk).delete()


def purge_expired():
    """Delete the held files older than a day."""
    HeldUpload.objects.filter(created_at__lt=timezone.now() - timedelta(seconds=MAX_AGE_SECONDS)).delete()
