"""Statistical disclosure control for everything annex 6 publishes (domain-rules §6; 统计法 Art. 25: nothing from
which a single respondent can be identified *or inferred*). Pure: no models, no settings, no database.

Input: cells (``Item``: people, enterprises, the pay total, the largest enterprise's people and pay) keyed by any
hashable id, and the additive relations a reader can form from the published figures (``Relation``: a total and
its parts — a major group and its occupations, the whole and the cells of a dimension whose people all carry a
value, the prefecture and its counties, the labour-cost table in total and by industry). Output: the set of
withheld ids.

1. Primary rules (``Rules``): fewer than ``min_people`` people, fewer than ``min_enterprises`` enterprises, or one
   enterprise holding more than ``max_share_pct`` percent of the cell's people or of its pay.
2. Secondary (complementary) suppression, to a fixed point. A relation holding a withheld member is protected when
   the differencing it allows yields a range, not a value:
   - the total withheld: the withheld parts hold at least ``min_complement_pct`` percent of the total's pay (so
     the total is not the sum of published parts, and its range is that wide);
   - the total published: at least two parts withheld, and for each of them the *other* withheld parts hold at
     least ``min_complement_pct`` percent of the total's pay.
   An unprotected relation withholds the cheapest complement (fewest people) among its published parts: one part
   that protects it alone, else a pair that does, else the part with fewest people, and is checked again; the
   total when no part is left. Every
   cell withheld puts its other relations back on the list, so a cell withheld for one relation (a county cell
   for the prefecture) is protected in all the others (its occupation group, its dimension), across scopes.
3. ``forced`` cells are withheld whatever their figures (withheld in a publication already issued: a pattern once
   issued is kept). ``known`` cells count as published whatever the outcome and are never chosen as complements
   (their figures are public already, in an issued version, unchanged since).

``suppress`` returns the withheld ids and the relations it could not protect (every other member known: the
reader can already rebuild the cell from what was issued; never the case when every version was drafted with
this module from the same data).

This is the modular heuristic of τ-ARGUS / the ESS Handbook on SDC (threshold and dominance rules, then
complements per relation until each withheld cell sits among others); the test suite attacks its output by
linear algebra (``tests/pay_guidance/test_disclosure_attack.py``).
"""

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    min_people: int = 30
    min_enterprises: int = 3
    max_share_pct: int = 70
    min_complement_pct: int = 20


@dataclass
class Item:
    people: float
    enterprises: int
    pay: float
    largest_people: float = 0
    largest_pay: float = 0


@dataclass(frozen=True)
class Relation:
    total: object
    parts: tuple


@dataclass
class Outcome:
    withheld: set
    primary: set
    unprotected: list


def is_sensitive(item, rules):
    """Return whether a cell fails a primary rule (too few people or enterprises, or one enterprise dominating
    its people or its pay)."""
    if item.people < rules.min_people or item.enterprises < rules.min_enterprises:
        return True
    if item.people and item.largest_people * 100 > rules.max_share_pct * item.people:
        return True
    return bool(item.pay) and item.largest_pay * 100 > rules.max_share_pct * item.pay


def _shortfall(relation, items, hidden, rules):
    """Return how much pay the relation's withheld parts lack, or ``None`` when it holds no hidden member or is
    protected. ``hidden`` answers whether an id is withheld and not known."""
    threshold = items[relation.total].pay * rules.min_complement_pct / 100
    withheld_parts = [items[part].pay for part in relation.parts if hidden(part)]
    if hidden(relation.total):
        missing = threshold - sum(withheld_parts)
        return missing if missing > 0 or not withheld_parts else None
    if not withheld_parts:
        return None
    # The binding part is the largest: the others must hold the threshold without it.
    others = sum(withheld_parts) - max(withheld_parts)
    if len(withheld_parts) >= 2 and others >= threshold:
        return None
    return max(threshold - others, 0)


def suppress(items, relations, rules, *, forced=(), known=()):
    """Return the ``Outcome`` of primary then secondary suppression of ``items`` (``{id: Item}``) under
    ``relations`` (see the module docstring)."""
    known = set(known)
    primary = {key for key, item in items.items() if is_sensitive(item, rules)}
    withheld = primary | (set(forced) & items.keys())
    relations = [r for r in relations if r.parts and r.total in items and all(p in items for p in r.parts)]
    by_member = {}
    for index, relation in enumerate(relations):
        for member in (relation.total, *relation.parts):
            by_member.setdefault(member, []).append(index)

    def hidden(key):
        return key in withheld and key not in known

    queue = deque(index for index in range(len(relations)))
    queued = set(queue)
    unprotected = []
    while queue:
        index = queue.popleft()
        queued.discard(index)
        relation = relations[index]
        while _shortfall(relation, items, hidden, rules) is not None:
            candidates = sorted(
                (part for part in relation.parts if part not in withheld and part not in known),
                key=lambda part: (items[part].people, items[part].pay, str(part)),
            )
            if candidates:
                chosen = _complements(relation, items, hidden, rules, candidates)
            elif relation.total not in withheld and relation.total not in known:
                chosen = [relation.total]
            else:
                unprotected.append(relation)
                break
            withheld.update(chosen)
            for other in {other for cell in chosen for other in by_member.get(cell, ())}:
                if other != index and other not in queued:
                    queue.append(other)
                    queued.add(other)
    return Outcome(withheld=withheld, primary=primary, unprotected=unprotected)


def _complements(relation, items, hidden, rules, candidates):
    """Return the published parts to withhold next: the one with fewest people that protects the relation alone,
    else the pair with fewest people that does, else the one with fewest people (and the relation is checked
    again)."""
    threshold = items[relation.total].pay * rules.min_complement_pct / 100
    pays = [items[part].pay for part in relation.parts if hidden(part)]
    total_hidden = hidden(relation.total)
    held, largest = sum(pays), max(pays, default=0)

    def protects(first, second=None):
        added = items[first].pay
        top = max(largest, added)
        if second is not None:
            added += items[second].pay
            top = max(top, items[second].pay)
        if total_hidden:
            return held + added >= threshold
        return len(pays) + (1 if second is None else 2) >= 2 and held + added - top >= threshold

    for part in candidates:
        if protects(part):
            return [part]
    # Protection grows with the pay withheld: when the two largest parts do not protect, no pair does.
    richest = sorted(candidates, key=lambda part: items[part].pay)[-2:]
    best = None
    if len(richest) == 2 and protects(*richest):
        for first_index, first in enumerate(candidates):
            if best is not None and items[first].people * 2 >= best[0]:
                break  # sorted by people: no later pair can be cheaper
            for second in candidates[first_index + 1 :]:
                cost = items[first].people + items[second].people
                if best is not None and cost >= best[0]:
                    break
                if protects(first, second):
                    best = (cost, [first, second])
                    break
    return best[1] if best else [candidates[0]]
