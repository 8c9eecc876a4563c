"""The 「云南省金牌劳动关系协调员推荐表」 as PDF, one form per candidate, laid out as the seed prints it.

Text longer than its box continues on an attached sheet (附页) after the form, as the form itself allows
(如内容多，可另附纸): nothing is ever cut off.
"""

from django.db.models import prefetch_related_objects
from django.utils import timezone

from chuxiong_labor.lib.pdf import render_pdf
from chuxiong_labor.nominations.selection import opinion_boxes
from chuxiong_labor.nominations.workflow import Status

TEMPLATE = "pdf/coordinator_recommendation.html"
LINE_CHARS = 38  # characters of 10.5pt CJK text per line of the wide boxes (measured)
ACHIEVEMENT_LINES = 10
OPINION_LINES = 3
CONTINUED = "（续见附页）"


def split_for_box(text, lines, line_chars=LINE_CHARS):
    """Split ``text`` into what fits in a box of ``lines`` lines and the rest, which goes to the attached sheet."""
    text = (text or "").strip()
    used, cut = 0, len(text)
    budget = lines * line_chars - len(CONTINUED)
    for index, char in enumerate(text):
        used = (used // line_chars + 1) * line_chars if char == "\n" else used + 1
        if used > budget:
            cut = index
            break
    if cut >= len(text):
        return text, ""
    # Prefer to break after a sentence or clause ending close to the limit.
    for back in range(cut, max(cut - 2 * line_chars, 0), -1):
        if text[back - 1] in "。；！？\n":
            cut = back
            break
    return text[:cut].rstrip(), text[cut:].lstrip()


def form_context(nomination, today=None):
    """Return what one form prints: the candidate's fields, each level's opinion and the attached texts."""
    person = nomination.coordinator
    attachments = []
    achievements, rest = split_for_box(nomination.achievements, ACHIEVEMENT_LINES)
    if rest:
        attachments.append(("主要业绩评价（续）", rest))
    boxes = []
    for box in opinion_boxes(nomination):
        head, more = split_for_box(box["text"], OPINION_LINES)
        if more:
            attachments.append((f"{box['label']}（续）", more))
        boxes.append({**box, "text": head, "continued": bool(more)})
    result = ""
    result_on = None
    if nomination.status == Status.AWARDED:
        result = f"评定为云南省金牌劳动关系协调员。证书编号：{nomination.certificate_no}"
        result_on = timezone.localtime(nomination.status_changed_at).date()
    elif nomination.status == Status.NOT_AWARDED:
        result = "未评定为云南省金牌劳动关系协调员。"
        result_on = timezone.localtime(nomination.status_changed_at).date()
    return {
        "nomination": nomination,
        "name": person.name,
        "gender": person.get_gender_display(),
        "born": f"{person.born_on.year}年{person.born_on.month}月",
        "employer_and_post": f"{person.employer_display} {person.post}".strip(),
        "occupation": person.occupation,
        "years": nomination.years_at_submission
        if nomination.years_at_submission is not None
        else person.years_in_occupation(today),
        "achievements": achievements,
        "achievements_continued": bool(rest),
        "boxes": boxes,
        "result": result,
        "result_on": result_on,
        "attachments": attachments,
    }


def render_forms(nominations, today=None):
    """Return one PDF holding the form (and its attached sheet, if any) of each of ``nominations``."""
    nominations = list(nominations)
    prefetch_related_objects(nominations, "steps")
    forms = [form_context(nomination, today) for nomination in nominations]
    return render_pdf(TEMPLATE, {"forms": forms})
