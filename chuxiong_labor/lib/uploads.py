"""Uploaded files waiting between an import's preview and its confirmation, for every import of the portal.

The preview keeps the file in the database (``HeldUpload``) and gives the browser a signed token naming the row,
the user and whatever the import needs to remember (unit, year, the preview's counts). Because the file is in
the database and not on one server's disk, the confirmation may be answered by any app server behind the
proxy. Confirming checks the signature, that the token is the same user's and less than a day old, and the
import then reads the same file again inside its transaction, so what is written is checked against the data as
it is at that moment. Nobody re-uploads, and a token cannot be used by someone else or altered to point at
another file. Files older than a day are removed whenever a new one is held.

A file is kept in parts of ``PART_BYTES`` (``HeldUploadPart``) and read back a part at a time through a seekable
file object: annex 6's survey may be 200 MB, and one 200 MB value passed to the database driver is copied and
escaped several times over (a 30 MB survey's preview took 290 MB more to hold it in one piece).
"""

import io
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.utils import timezone

from .uniqueness import NamesTheHolder

MAX_AGE_SECONDS = 24 * 60 * 60
PART_BYTES = 4 * 1024 * 1024


class UploadExpired(Exception):
    """The token is invalid, expired, someone else's, or its file is gone; the message says what to do."""


class HeldUpload(models.Model):
    id = models.UUIDField("编号", primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField("用途", max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+"
    )
    size = models.BigIntegerField("文件大小（字节）", default=0)
    created_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "待确认的导入文件"
        verbose_name_plural = "待确认的导入文件"

    def __str__(self):
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"

    def open(self, mode="rb"):
        """Return the held file as a seekable file object, read a part at a time (the imports read it like the
        uploaded file)."""
        return io.BufferedReader(_PartsReader(self), buffer_size=1 << 16)

    def read_bytes(self):
        return b"".join(bytes(part) for part in self.parts.order_by("number").values_list("content", flat=True))


class HeldUploadPart(NamesTheHolder, models.Model):
    upload = models.ForeignKey(
        HeldUpload, verbose_name="待确认的导入文件", on_delete=models.CASCADE, related_name="parts"
    )
    number = models.PositiveIntegerField("序号")
    content = models.BinaryField("内容")

    class Meta:
        verbose_name = "待确认的导入文件分段"
        verbose_name_plural = "待确认的导入文件分段"
        constraints = [models.UniqueConstraint(fields=["upload", "number"], name="held_upload_part_once")]

    def __str__(self):
        return f"{self.upload} #{self.number}"


class _PartsReader(io.RawIOBase):
    """A held file as a raw, seekable stream: every part but the last is ``PART_BYTES`` long, so a position names
    its part, fetched when first read (one part in memory at a time)."""

    def __init__(self, stored):
        self.stored, self.position, self.index, self.part = stored, 0, None, b""

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.stored.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def readinto(self, buffer):
        if self.position >= self.stored.size:
            return 0
        index, offset = divmod(self.position, PART_BYTES)
        if index != self.index:
            self.part = bytes(self.stored.parts.filter(number=index).values_list("content", flat=True).get())
            self.index = index
        count = min(len(buffer), len(self.part) - offset)
        buffer[:count] = self.part[offset : offset + count]
        self.position += count
        return count


def hold(uploaded, *, user, purpose, **data):
    """Keep ``uploaded`` for ``purpose`` and return the signed token with which ``user`` confirms its import."""
    purge_expired()
    uploaded.seek(0)
    with transaction.atomic():
        stored = HeldUpload.objects.create(purpose=purpose, owner=user)
        for number in range(1 << 30):
            part = _read_exactly(uploaded, PART_BYTES)
            if not part:
                break
            HeldUploadPart.objects.create(upload=stored, number=number, content=part)
            stored.size += len(part)
        HeldUpload.objects.filter(pk=stored.pk).update(size=stored.size)
    return signing.dumps({"file": str(stored.pk), "user": user.pk, **data}, salt=f"uploads.{purpose}", compress=True)


def _read_exactly(stream, size):
    """Read ``size`` bytes, or fewer only at the end of ``stream`` (a raw file may return less per read)."""
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


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


def held_for(token, *, user, purpose, **expected):
    """Return ``(held file, data)`` as ``held`` does, for a confirmation made on one record's page: every value of
    ``expected`` (``plan=plan.pk``, ``batch=batch.pk``) must be what the preview held the file with, so a token
    issued on another record's page is refused (``UploadExpired``) instead of importing there."""
    stored, data = held(token, user=user, purpose=purpose)
    if any(data.get(name) != value for name, value in expected.items()):
        raise UploadExpired("导入凭据与当前页面的记录不符，请在本页重新上传文件。")
    return stored, data


def release(stored):
    """Delete a held file once it has been imported (or its preview replaced)."""
    HeldUpload.objects.filter(pk=stored.pk).delete()


def purge_expired():
    """Delete the held files older than a day."""
    HeldUpload.objects.filter(created_at__lt=timezone.now() - timedelta(seconds=MAX_AGE_SECONDS)).delete()
