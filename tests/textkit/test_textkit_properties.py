"""Property-based robustness: any text, no exceptions, spans always index the input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from zhenwu.textkit import extract, proofread

REPORT_ALPHABET = st.sampled_from(list("0123456789０１２.,，。；、%％XＸ×一二两三四五六七八九十百千万亿余多约近超以上左右"
                                       "元亩人户个次名处家条吨米亿万平方公里同比增长下降其中共计合计率调结宗 \n“”（）#第"
                                       "x社区街道项目基地比较投资各类距辖场()\r:："))
report_like = st.text(alphabet=REPORT_ALPHABET, max_size=300)


def check_spans(text):
    for fact in extract(text):
        assert text[fact.start:fact.end] == fact.text
        assert fact.to_dict()["text"] == fact.text
    for defect in proofread(text):
        assert text[defect.start:defect.end] == defect.text
        assert defect.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_text(text):
    check_spans(text)


@settings(max_examples=400, deadline=None)
@given(report_like)
def test_report_like_text(text):
    check_spans(text)


# Many short lines: the shape of text copied out of a PDF, which the kit reads as hard-wrapped.
# The words the relation checks look for: shares, averages, yields, differences, ratios, formulas.
RELATION_ALPHABET = st.sampled_from(list("0123456789.，。；、%∶:：占比重率的人均户均亩产单产总产平均期由增加到至减少净增提高"
                                         "完成任务目标计划预算结构构成产业分别和与其中共计万亿元亩公斤吨件名户个X*较去年同期上年月（）/")
                                    + ["习近平", "新时代中国特色社会主义思想", "以", "同志为核心的党中央", "个百分点", "比去年的", "比计划",
                                       "比2022年", "人次", "人均月", "占计划", "完成年度目标任务", "下降率", "/月"])
relation_like = st.lists(RELATION_ALPHABET, max_size=120).map("".join)


@settings(max_examples=400, deadline=None)
@given(relation_like)
def test_relation_like_text(text):
    check_spans(text)
    for d in proofread(text):
        assert d.kind in ("arithmetic", "sum", "formula", "placeholder", "placeholder_name", "missing_number",
                          "duplicate_char", "typo", "inconsistent", "other")
        assert not d.family or d.kind == "arithmetic"


wrapped_like = st.lists(st.text(alphabet=REPORT_ALPHABET, max_size=12), min_size=10, max_size=40).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(wrapped_like)
def test_hard_wrapped_text(text):
    check_spans(text)
