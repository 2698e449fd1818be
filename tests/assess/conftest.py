import io

import pytest


@pytest.fixture
def photo():
    """A small real picture, as a phone's camera would send it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(name="photo.jpg"):
        buf = io.BytesIO()
        Image.new("RGB", (40, 30), "green").save(buf, "JPEG")
        return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")

    return make


@pytest.fixture
def household(org):
    """A new household of 泉湖村第一网格 (the 网格员 qinghe-wg's grid)."""
    from zhenwu.assess import actions
    from zhenwu.assess.models import Household

    def make(grid="泉湖村第一网格", head="测试户"):
        return actions.save_household(None, Household(org=org(grid), head=head, members=3))

    return make


@pytest.fixture
def rule(org):
    from zhenwu.assess.models import PointRule

    def get(name="门前三包、庭院整洁"):
        return PointRule.objects.get(org=org("清河镇"), name=name)

    return get


