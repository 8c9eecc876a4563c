"""Plain Chinese when a value that must be unique is already taken.

Django words the refusal from a template, which its Chinese translation renders word by word (「具有 统一社会信用代码
的 协调劳动关系社会组织 已存在。」). Every model with a unique field or a unique set of fields mixes in
``NamesTheHolder``, whose ``unique_error_message`` — the one place Django asks for that message, for ``unique=True``,
``unique_together`` and ``UniqueConstraint(fields=…)`` alike — names the record that already holds the value:
「该统一社会信用代码已登记（某某组织）。」, 「已有同一报送单位、同一年度、同一月份的月报：楚雄市2026年12月工作月报。」. ``tests/test_chinese_text.py`` checks that no such model goes without it.
"""

from django.core.exceptions import ValidationError


class NamesTheHolder:
    """A model mixin (before ``models.Model`` in the bases): a taken unique value is refused by naming its holder."""

    def unique_error_message(self, model_class, unique_check):
        opts = model_class._meta
        fields = [opts.get_field(name) for name in unique_check]
        holder = (
            model_class._default_manager.filter(**{field.attname: getattr(self, field.attname) for field in fields})
            .exclude(pk=self.pk)
            .first()
        )
        if len(fields) == 1:
            message = f"该{fields[0].verbose_name}已登记" + (f"（{holder}）。" if holder is not None else "。")
        else:
            same = "、".join(f"同一{field.verbose_name}" for field in fields)
            message = f"已有{same}的{opts.verbose_name}" + (f"：{holder}。" if holder is not None else "。")
        return ValidationError(message, code="unique" if len(fields) == 1 else "unique_together")
