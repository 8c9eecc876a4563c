"""Occupation codes of the 国家职业分类大典 (2022 edition): the form of a code, the eight major groups, and the
occupations the portal knows by name.

A code has the form ``M-NN-NN-NN`` (major group, medium group, minor group, occupation), the major group 1–8, for
example ``4-03-02-01``. ``KNOWN`` is a partial list of the occupations common in Chuxiong's survey samples: a
well-formed code missing from it is imported with a warning, never refused, since the 大典 lists more than 1,600
occupations and the portal does not hold them all.
"""

import re

CODE_PATTERN = re.compile(r"^[1-8]-\d{2}-\d{2}-\d{2}$")

MAJOR_GROUPS = {
    "1": "党的机关、国家机关、群众团体和社会组织、企事业单位负责人",
    "2": "专业技术人员",
    "3": "办事人员和有关人员",
    "4": "社会生产服务和生活服务人员",
    "5": "农、林、牧、渔业生产及辅助人员",
    "6": "生产制造及有关人员",
    "7": "军队人员",
    "8": "不便分类的其他从业人员",
}

KNOWN = {
    "1-06-01-00": "企业董事",
    "1-06-02-00": "企业经理",
    "2-02-07-04": "机械工程技术人员",
    "2-02-10-01": "电气工程技术人员",
    "2-02-18-03": "建筑和市政设计工程技术人员",
    "2-02-32-01": "食品工程技术人员",
    "2-05-01-01": "内科医师",
    "2-05-08-01": "内科护士",
    "2-06-01-02": "会计专业人员",
    "2-06-07-01": "人力资源管理专业人员",
    "2-09-01-01": "高等教育教师",
    "3-01-02-01": "行政办事员",
    "3-01-02-05": "秘书",
    "4-01-02-01": "营销员",
    "4-01-02-02": "电子商务师",
    "4-01-06-01": "收银员",
    "4-02-02-01": "道路客运汽车驾驶员",
    "4-02-02-02": "道路货运汽车驾驶员",
    "4-02-06-03": "仓储管理员",
    "4-03-01-01": "前厅服务员",
    "4-03-01-02": "客房服务员",
    "4-03-02-01": "中式烹调师",
    "4-03-02-05": "餐厅服务员",
    "4-07-05-01": "物业管理员",
    "4-10-01-01": "保安员",
    "4-10-06-02": "保洁员",
    "5-01-01-01": "农艺工",
    "5-03-01-01": "家畜饲养员",
    "6-01-01-01": "制米工",
    "6-02-01-03": "烟叶调制员",
    "6-07-01-00": "矿物开采辅助人员",
    "6-17-01-00": "有色金属冶炼人员",
    "6-18-01-01": "车工",
    "6-18-02-04": "焊工",
    "6-29-01-01": "砌筑工",
    "6-29-02-01": "混凝土工",
    "6-31-01-03": "电工",
    "6-31-01-09": "机修钳工",
    "8-00-00-00": "不便分类的其他从业人员",
}


def is_well_formed(code):
    """Return whether ``code`` has the 大典's form ``M-NN-NN-NN`` with a major group 1–8."""
    return bool(CODE_PATTERN.match(code))


def label(code):
    """Return the display name of an occupation code or a major-group digit."""
    if code in MAJOR_GROUPS:
        return f"第{code}大类 {MAJOR_GROUPS[code]}"
    name = KNOWN.get(code)
    return f"{code} {name}" if name else code
