"""``lib/bulk``: COPY on PostgreSQL (``bulk_create`` elsewhere) writes exactly what a plain save writes."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import signals
from django.forms.models import model_to_dict
from django.test import override_settings

from chuxiong_labor.lib import generation
from chuxiong_labor.lib.bulk import insert_all, insert_rows, new_instances
from chuxiong_labor.lib.history import record_bulk
from chuxiong_labor.models import Enterprise
from tests.factories import make_credit_code, unit

pytestmark = pytest.mark.django_db

AWKWARD = "制表\t换行\n回车\r反斜杠\\ \\N 引号\"' 逗号, 完"


def _values(enterprise):
    values = model_to_dict(Enterprise.objects.get(pk=enterprise.pk))
    values.pop("id")
    values.pop("credit_code")
    return values


def test_inserted_rows_read_back_as_a_saved_one():
    region = unit("楚雄市").region
    fields = {
        "name": AWKWARD,
        "address": "云南省楚雄州 1号",
        "registered_on": datetime.date(2021, 3, 5),
        "legal_rep_email": "a@example.cn",
        "has_union": True,
        "region": region,
    }
    saved = Enterprise.objects.create(credit_code=make_credit_code(), **fields)
    (inserted,) = insert_all([Enterprise(credit_code=make_credit_code(), **fields)])
    assert _values(inserted) == _values(saved)
    assert Enterprise.objects.get(pk=inserted.pk).name == AWKWARD


def test_inserted_objects_get_keys_times_and_count_as_saved():
    region = unit("楚雄市").region
    objects = insert_all([Enterprise(name=f"批量{i}", credit_code=make_credit_code(), region=region) for i in range(3)])
    assert all(obj.pk and not obj._state.adding and obj.created_at and obj.updated_at for obj in objects)
    assert sorted(obj.pk for obj in objects) == [obj.pk for obj in objects]
    objects[0].name = "改名"
    objects[0].save()  # an update of the inserted row, not a second row
    assert Enterprise.objects.filter(name__startswith="批量").count() == 2
    assert Enterprise.objects.get(pk=objects[0].pk).name == "改名"


def test_a_row_saved_after_an_insert_takes_the_next_free_key():
    region = unit("楚雄市").region
    inserted = insert_all([Enterprise(name="先", credit_code=make_credit_code(), region=region) for _ in range(2)])
    later = Enterprise.objects.create(name="后", credit_code=make_credit_code(), region=region)
    assert later.pk > max(obj.pk for obj in inserted)


def test_a_duplicate_key_is_djangos_integrity_error():
    region = unit("楚雄市").region
    code = make_credit_code()
    Enterprise.objects.create(name="先到", credit_code=code, region=region)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_all([Enterprise(name="后到", credit_code=code, region=region)])
    assert Enterprise.objects.filter(credit_code=code).count() == 1


def test_new_instances_equal_instances_built_with_keywords():
    region = unit("楚雄市").region
    (fast,) = new_instances(Enterprise, [{"name": "甲", "credit_code": "X", "region": region}])
    slow = Enterprise(name="甲", credit_code="X", region=region)
    assert model_to_dict(fast) == model_to_dict(slow)
    assert fast.region is region and fast._state.adding
    assert {k: v for k, v in vars(fast).items() if k != "_state"} == {
        k: v for k, v in vars(slow).items() if k != "_state"
    }
    assert (fast._state.db, fast._state.fields_cache) == (slow._state.db, slow._state.fields_cache)


def test_new_instances_send_init_signals_to_a_model_that_listens_for_them():
    """Whatever listens for a model's ``post_init`` (an image field's dimensions, a change tracker) still hears
    every instance built."""
    heard = []

    def listener(sender, instance, **kwargs):
        heard.append(instance.name)

    signals.post_init.connect(listener, sender=Enterprise)
    try:
        new_instances(Enterprise, [{"name": "甲", "credit_code": "X"}, {"name": "乙", "credit_code": "Y"}])
    finally:
        signals.post_init.disconnect(listener, sender=Enterprise)
    assert heard == ["甲", "乙"]


def test_new_instances_of_a_model_with_its_own_field_descriptor_equal_instances_built_with_keywords():
    """A file field's descriptor is not Django's plain one: such a model is built through ``Model.__init__``."""
    from coordinators.models import SlateStep

    (fast,) = new_instances(SlateStep, [{"minutes": "slate_minutes/2026/纪要.pdf"}])
    slow = SlateStep(minutes="slate_minutes/2026/纪要.pdf")
    assert {k: v for k, v in vars(fast).items() if k != "_state"} == {
        k: v for k, v in vars(slow).items() if k != "_state"
    }
    assert fast.minutes.name == "slate_minutes/2026/纪要.pdf"


def test_new_instances_call_a_callable_default_for_each_row():
    first, second = new_instances(LogEntry, [{"object_pk": "1"}, {"object_pk": "2"}])
    assert first.timestamp is not None and second.timestamp is not None
    assert first.additional_data is None


def test_bulk_history_keeps_every_character_of_a_change(admin_user):
    region = unit("楚雄市").region
    (enterprise,) = insert_all([Enterprise(name="旧名", credit_code=make_credit_code(), region=region)])
    record_bulk(
        [enterprise],
        action=LogEntry.Action.UPDATE,
        actor=admin_user,
        note="名册导入",
        changes=[{"name": ("旧名", AWKWARD)}],
    )
    entry = LogEntry.objects.get(object_id=enterprise.pk, action=LogEntry.Action.UPDATE)
    assert entry.changes == {"name": ["旧名", AWKWARD]}
    assert entry.additional_data == {"bulk": True, "note": "名册导入"}
    assert entry.actor == admin_user
    assert entry.object_repr == "旧名"


def test_bulk_history_of_a_creation_holds_each_value_from_none_as_text(admin_user):
    """The creation's changes are written as JSON text directly: every character of every value, each non-empty
    recorded field once, in field order, as ``{name: ["None", str(value)]}``."""
    region = unit("楚雄市").region
    code = make_credit_code()
    (enterprise,) = insert_all(
        [
            Enterprise(
                name=AWKWARD,
                credit_code=code,
                region=region,
                address="含 \u0001 控制字符与\u2028分隔符",
                registered_on=datetime.date(2021, 3, 5),
            )
        ]
    )
    record_bulk([enterprise], action=LogEntry.Action.CREATE, actor=admin_user)
    changes = LogEntry.objects.get(object_id=enterprise.pk, action=LogEntry.Action.CREATE).changes
    assert changes["name"] == ["None", AWKWARD]
    assert changes["address"] == ["None", "含 \u0001 控制字符与\u2028分隔符"]
    assert changes["registered_on"] == ["None", "2021-03-05"]
    assert changes["region_id"] == ["None", str(region.pk)]
    assert changes["credit_code"] == ["None", code]
    assert "phone" not in changes and "version" not in changes  # empty, and bookkeeping


@override_settings(CACHE_IS_SHARED=True)
def test_an_insert_moves_the_data_generation_on_even_by_copy():
    """COPY bypasses the connection's execute wrappers; cached home pages must still see the new rows."""
    generation.bump()
    before = generation.current()
    insert_all(
        new_instances(
            Enterprise, [{"name": "新企业", "credit_code": make_credit_code(), "region": unit("楚雄市").region}]
        )
    )
    assert generation.current() > before


def test_rows_inserted_without_instances_take_the_constants_and_every_other_fields_default(admin_user):
    moment = datetime.datetime(2026, 3, 5, 8, 30, tzinfo=datetime.UTC)
    insert_rows(
        LogEntry,
        ["object_pk", "object_id", "object_repr", "changes", "timestamp"],
        [("1", 1, AWKWARD, {"name": ["None", AWKWARD]}, moment), ("2", 2, "乙", {}, moment)],
        constants={
            "content_type_id": ContentType.objects.get_for_model(Enterprise).pk,
            "action": LogEntry.Action.CREATE,
            "actor_id": admin_user.pk,
            "additional_data": {"bulk": True},
        },
    )
    first, second = LogEntry.objects.filter(timestamp=moment).order_by("pk")
    assert (first.object_repr, first.changes, first.actor, first.additional_data) == (
        AWKWARD,
        {"name": ["None", AWKWARD]},
        admin_user,
        {"bulk": True},
    )
    assert (second.object_pk, second.object_id, second.changes_text, second.cid) == ("2", 2, "", None)
    assert second.pk > first.pk


def test_rows_inserted_without_instances_name_a_column_the_model_lacks():
    with pytest.raises(ValueError, match="no column"):
        insert_rows(LogEntry, ["object_pk", "colour"], [("1", "红")])


def test_bulk_history_masks_what_the_registration_masks_as_auditlog_does(admin_user):
    """A coordinator's resident ID number is masked in the history (``track(..., mask_fields=…)``): a bulk
    creation or update writes it masked exactly as auditlog does when the record is saved."""
    from coordinators.models import Coordinator
    from tests.coordinators.factories import make_coordinator

    number, later = "53230119800101123X", "532301198001011248"
    saved = make_coordinator(resident_id=number)
    by_signal = LogEntry.objects.get_for_object(saved).get(action=LogEntry.Action.CREATE).changes["resident_id"]
    assert number not in str(by_signal)

    record_bulk([saved], action=LogEntry.Action.CREATE, actor=admin_user)
    record_bulk([saved], action=LogEntry.Action.UPDATE, actor=admin_user, changes=[{"resident_id": (number, later)}])
    created, updated = (
        LogEntry.objects.get_for_object(saved).filter(additional_data__bulk=True, action=action).get().changes
        for action in (LogEntry.Action.CREATE, LogEntry.Action.UPDATE)
    )
    assert created["resident_id"] == by_signal
    Coordinator.objects.filter(pk=saved.pk).update(resident_id=later)
    saved.refresh_from_db()
    saved.resident_id = number
    saved.save()  # later → number by signal: masked the same way in the other direction
    by_signal_update = (
        LogEntry.objects.get_for_object(saved)
        .filter(action=LogEntry.Action.UPDATE)
        .exclude(additional_data__bulk=True)
        .get()
        .changes["resident_id"]
    )
    assert updated["resident_id"] == list(reversed(by_signal_update))
    assert number not in str(updated) and later not in str(updated)
