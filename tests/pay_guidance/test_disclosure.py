"""The pure disclosure-control module: each primary rule, and secondary suppression relation by relation."""

from pay_guidance.disclosure import Item, Relation, Rules, is_sensitive, suppress

RULES = Rules()


def item(people=100, enterprises=10, pay=None):
    return Item(people, enterprises, pay if pay is not None else people * 50000, 10, 500000)


def test_a_cell_of_30_people_from_3_enterprises_passes():
    assert not is_sensitive(Item(30, 3, 30 * 50000, 10, 500000), RULES)


def test_one_enterprise_with_most_of_the_pay_but_not_of_the_people_is_sensitive():
    assert is_sensitive(Item(45, 4, 6_900_000, 15, 6_000_000), RULES)


def test_a_lone_withheld_part_gets_the_cheapest_sufficient_complement():
    items = {"group": item(400), "lone": item(40, 1), "small": item(50), "large": item(150), "mid": item(160)}
    outcome = suppress(items, [Relation("group", ("lone", "small", "large", "mid"))], RULES)
    # 20% of the group is 80 people's worth; each withheld part must sit among others holding that much, so
    # "lone" (40) needs two partners: the cheapest pair that does it.
    assert outcome.withheld == {"lone", "small", "large"}


def test_each_withheld_part_sits_among_others_holding_a_fifth_of_the_total():
    items = {"group": item(500), "lone": item(40, 1), "small": item(50), "large": item(150), "mid": item(260)}
    outcome = suppress(items, [Relation("group", ("lone", "small", "large", "mid"))], RULES)
    # 20% of the group is 100 people's worth. Beside "lone" (40) no single part protects every withheld one:
    # the cheapest pair that does is taken.
    assert outcome.withheld == {"lone", "large", "mid"}


def test_a_withheld_total_with_every_part_published_gets_a_part_withheld():
    items = {"all": item(20, 2), "a": item(10), "b": item(10)}
    items["all"] = Item(20, 2, 20 * 50000, 10, 500000)
    outcome = suppress(items, [Relation("all", ("a", "b"))], RULES)
    assert "all" in outcome.withheld and outcome.withheld & {"a", "b"}


def test_a_complement_is_protected_in_its_other_relations_too():
    items = {name: item(100) for name in ("g1", "g2", "a", "b", "c", "x", "y")}
    items["a"] = item(40, 1)
    relations = [Relation("g1", ("a", "b", "c")), Relation("g2", ("b", "x", "y"))]
    outcome = suppress(items, relations, RULES)
    # b protects a in g1, and then needs a partner in g2.
    assert {"a", "b"} <= outcome.withheld and outcome.withheld & {"x", "y"}


def test_a_forced_cell_stays_withheld_and_is_protected():
    items = {"all": item(300), "a": item(100), "b": item(100), "c": item(100)}
    outcome = suppress(items, [Relation("all", ("a", "b", "c"))], RULES, forced={"b"})
    assert "b" in outcome.withheld and len(outcome.withheld) >= 2


def test_a_known_cell_is_never_chosen_as_a_complement():
    items = {"all": item(300), "a": item(40, 1), "b": item(100), "c": item(160)}
    outcome = suppress(items, [Relation("all", ("a", "b", "c"))], RULES, known={"b"})
    assert "b" not in outcome.withheld and "c" in outcome.withheld


def test_a_relation_whose_other_members_are_all_known_is_reported():
    items = {"all": item(300), "a": item(40, 1), "b": item(260)}
    outcome = suppress(items, [Relation("all", ("a", "b"))], RULES, known={"all", "b"})
    assert outcome.unprotected == [Relation("all", ("a", "b"))]


def test_nothing_withheld_means_nothing_added():
    items = {"all": item(300), "a": item(150), "b": item(150)}
    assert suppress(items, [Relation("all", ("a", "b"))], RULES).withheld == set()
