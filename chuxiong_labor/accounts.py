"""Portal users: each has one role and, for unit staff, one unit."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from .lib.uniqueness import NamesTheHolder
from .roles import UNIT_STAFF, Role


class User(NamesTheHolder, AbstractUser):
    full_name = models.CharField("姓名", max_length=40, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.COUNTY_STAFF)
    unit = models.ForeignKey(
        "chuxiong_labor.Unit",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="管理员设置密码后自动勾选；用户改好自己的密码后自动取消。"
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role in UNIT_STAFF and not self.unit_id:
            raise ValidationError({"unit": "县（市）和州级成员单位的工作人员必须指定所属单位。"})
        if self.role == Role.COUNTY_STAFF and self.unit_id and not self.unit.is_county:
            raise ValidationError({"unit": "县（市）三方办工作人员的所属单位必须是县（市）三方办。"})
        if self.role == Role.MEMBER_STAFF and self.unit_id and self.unit.kind != self.unit.Kind.MEMBER_UNIT:
            raise ValidationError({"unit": "州级成员单位工作人员的所属单位必须是州级成员单位。"})

    @property
    def display_name(self):
        return self.full_name or self.username
