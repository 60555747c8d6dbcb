"""Project performance tables: budget, executed amount and indicator rows."""

from __future__ import annotations


def test_projects_budget_and_executed(disclosure_with_expectations):
    _, extraction, expected = disclosure_with_expectations
    got = {p.name: p for p in extraction.projects}
    for project in expected["projects"]:
        assert project["name"] in got, f"missing {project['name']}; have {list(got)}"
        found = got[project["name"]]
        assert str(found.budget) == project["budget"]
        assert str(found.executed) == project["executed"]
        if "indicator_count" in project:
            assert len(found.indicators) == project["indicator_count"], project["name"]


def test_seed_indicator_rows(seed):
    _, extraction = seed
    rent = next(p for p in extraction.projects if p.name == "办公场地租赁费")
    rows = [(i.level1, i.level2, i.name) for i in rent.indicators]
    assert rows == [
        ("项目完成指标", "数量指标", "办公场地租赁面积"),
        ("项目完成指标", "质量指标", "房屋及附属设施"),
        ("项目完成指标", "时效指标", "租赁时间"),
        ("项目效果", "社会效益指标", "行政审批服务工作"),
    ]
    area = rent.indicators[0]
    assert area.expected.endswith("3457 ㎡") and area.actual.endswith("3457 ㎡")
    timing = rent.indicators[2]
    assert timing.expected.startswith("2020年 5月 1日") and timing.actual.startswith("已租赁到2021年4月30日")


def test_split_markers_and_satisfaction_rows(seed):
    _, extraction = seed
    hall = next(p for p in extraction.projects if p.name.startswith("电子政务大厅"))
    satisfaction = [i for i in hall.indicators if i.level2 == "满意度指标"]
    assert [(i.name, i.expected, i.actual) for i in satisfaction] == [
        ("省、市、区监督管理部门满意度", "≥95%", "95%以上"),
        ("群众满意度", "≥95%", "95%以上"),
    ]
    assert all(i.level1 == "满意度指标" for i in satisfaction)


def test_narrative_summary_is_merged(seed):
    _, extraction = seed
    project = next(p for p in extraction.projects if p.name == "行政效能监察系统维护费")
    assert str(project.narrative_budget) == "1.80"  # stated precision kept
    assert str(project.budget) == "1.8"
    assert project.narrative_line == 488
    assert str(project.completion_pct) == "100"
