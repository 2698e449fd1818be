import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenwu.core.models import Level, OrgUnit

pytestmark = pytest.mark.django_db


def test_demo_tree_matches_the_reports(org):
    qinghe, shiling, chengguan = org("清河镇"), org("石岭镇"), org("城关街道")
    assert qinghe.children.filter(level=Level.VILLAGE).count() == 11
    assert qinghe.children.filter(level=Level.COMMUNITY).count() == 1
    assert shiling.children.filter(level=Level.VILLAGE).count() == 12
    assert shiling.descendants().filter(level=Level.GRID).count() == 13
    assert chengguan.children.filter(level=Level.COMMUNITY).count() == 15
    assert chengguan.descendants().filter(level=Level.GRID).count() == 155


def test_subtree_is_one_prefix_query(org):
    town = org("石岭镇")
    with CaptureQueriesContext(connection) as ctx:
        units = list(town.subtree())
    assert len(ctx.captured_queries) == 1
    assert "LIKE" in ctx.captured_queries[0]["sql"].upper()
    assert all(u.code.startswith(town.code) for u in units)
    assert town in units and org("清河镇") not in units
    assert len(units) == 1 + 12 + 13 + 6  # town, villages, grids, stations


def test_ancestors(org):
    grid = OrgUnit.objects.get(code="990102102201001")
    assert [a.name for a in grid.ancestors()] == ["示例县", "石岭镇", "石岭村"]


def test_child_codes_and_levels(org):
    village = org("泉湖村")
    assert village.next_child_code() == village.code + "003"
    bad = OrgUnit(code=village.code + "9", name="坏代码", level=Level.GRID, parent=village)
    with pytest.raises(ValidationError) as err:
        bad.full_clean()
    assert "下级代码应为上级代码" in str(err.value)
    wrong_level = OrgUnit(code=village.code + "009", name="错层级", level=Level.TOWN, parent=village)
    with pytest.raises(ValidationError) as err:
        wrong_level.full_clean()
    assert "村下不能设立“乡镇”" in str(err.value)


def test_visible_within_is_the_intersection_of_scope_and_subtree(org, demo_user):
    clerk = demo_user("qinghe-cun")  # 泉湖村 and its grids
    names = lambda qs: sorted(qs.values_list("name", flat=True))  # noqa: E731
    assert names(OrgUnit.objects.visible_to(clerk, within=org("清河镇"))) == ["泉湖村", "泉湖村第一网格", "泉湖村第二网格"]
    assert names(OrgUnit.objects.visible_to(clerk, within=org("泉湖村第一网格"))) == ["泉湖村第一网格"]
    assert not OrgUnit.objects.visible_to(clerk, within=org("石岭镇")).exists()
    town = demo_user("qinghe")
    assert OrgUnit.objects.visible_to(town, within=org("泉湖村")).count() == 3
    assert OrgUnit.objects.editable_by(demo_user("leader"), within=org("泉湖村")).count() == 0
