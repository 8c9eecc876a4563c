"""The fixed label lists of the employee sheet (domain-rules §6, [labels U]) and the synonyms mapped onto them.

A label outside its list would open a wage-table cell of its own ("本科" beside "大学本科"), so the importer
maps the common synonyms (``SYNONYMS``) and refuses anything else, naming the allowed list. A blank label is
allowed: the employee is in no cell of that dimension (not every employee has a grade, title or skill grade).
The lists are in the order the tables show them.
"""

ALLOWED = {
    "management_grade": ("高层管理岗", "中层管理岗", "基层管理岗", "管理类员工岗"),
    "title": ("正高级职称", "副高级职称", "中级职称", "初级职称"),
    "skill_grade": ("高级技师", "技师", "高级技能", "中级技能", "初级技能"),
    "education": ("研究生", "大学本科", "大学专科", "高中及中专", "初中及以下"),
}
LABELS = {"management_grade": "管理岗位层级", "title": "职称", "skill_grade": "技能等级", "education": "学历"}

# Written as people write them → the list's label. "高级" alone is left out: it may mean 正高级 or 副高级.
SYNONYMS = {
    "management_grade": {
        "高层": "高层管理岗",
        "高层管理": "高层管理岗",
        "高层管理人员": "高层管理岗",
        "中层": "中层管理岗",
        "中层管理": "中层管理岗",
        "中层管理人员": "中层管理岗",
        "基层": "基层管理岗",
        "基层管理": "基层管理岗",
        "基层管理人员": "基层管理岗",
        "管理类员工": "管理类员工岗",
        "一般管理人员": "管理类员工岗",
    },
    "title": {
        "正高": "正高级职称",
        "正高级": "正高级职称",
        "副高": "副高级职称",
        "副高级": "副高级职称",
        "中级": "中级职称",
        "初级": "初级职称",
        "助理级": "初级职称",
        "员级": "初级职称",
    },
    "skill_grade": {
        "一级": "高级技师",
        "一级/高级技师": "高级技师",
        "二级": "技师",
        "二级/技师": "技师",
        "三级": "高级技能",
        "高级工": "高级技能",
        "三级/高级工": "高级技能",
        "四级": "中级技能",
        "中级工": "中级技能",
        "四级/中级工": "中级技能",
        "五级": "初级技能",
        "初级工": "初级技能",
        "五级/初级工": "初级技能",
    },
    "education": {
        "博士": "研究生",
        "硕士": "研究生",
        "博士研究生": "研究生",
        "硕士研究生": "研究生",
        "研究生及以上": "研究生",
        "本科": "大学本科",
        "大学": "大学本科",
        "大专": "大学专科",
        "专科": "大学专科",
        "高中": "高中及中专",
        "中专": "高中及中专",
        "职高": "高中及中专",
        "技校": "高中及中专",
        "中技": "高中及中专",
        "高中/中专": "高中及中专",
        "初中": "初中及以下",
        "小学": "初中及以下",
        "小学及以下": "初中及以下",
    },
}

_LOOKUP = {
    dimension: {**{label: label for label in allowed}, **SYNONYMS[dimension]} for dimension, allowed in ALLOWED.items()
}


def normalize(dimension, text):
    """Return the list's label for ``text`` ("" for a blank), or ``None`` when it is neither a label nor a known
    synonym."""
    found = _LOOKUP[dimension].get(text)
    if found is not None:
        return found
    cleaned = "".join(text.split())  # people type "大学 本科", or full-width spaces
    return _LOOKUP[dimension].get(cleaned) if cleaned else ""


def problem(dimension, text):
    """Return the Chinese message refusing ``text`` as a label of ``dimension``."""
    allowed = "、".join(ALLOWED[dimension])
    return f"“{LABELS[dimension]}”填的“{text}”不在规定的分类中，请改为其中之一：{allowed}（不适用的留空）。"
