"""The box-and-whisker chart drawn for the booklet and the feedback reports."""

from decimal import Decimal as D

from pay_guidance.charts import band_chart


def test_each_published_band_gets_a_box_and_a_suppressed_one_a_note():
    svg = band_chart(
        [
            ("中式烹调师", D(30000), D(40000), D(50000), D(60000), D(70000), None),
            ("焊工", None, None, None, None, None, None),
        ]
    )
    assert svg.count("<rect") == 1 and "不予公布" in svg


def test_an_enterprises_own_value_is_marked_with_a_dot():
    svg = band_chart([("电工", D(30000), D(40000), D(50000), D(60000), D(70000), D(45000))])
    assert svg.count("<circle") == 1


def test_labels_are_escaped():
    svg = band_chart([("<script>", D(1), D(2), D(3), D(4), D(5), None)])
    assert "<script>" not in svg
