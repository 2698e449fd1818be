"""Numeric relations in general form: each family flags a broken relation with its arithmetic and keeps quiet
on a consistent one (and on what cannot be decided)."""

import pytest

from zhenwu.textkit import proofread

BROKEN = [
    ("share", "党员986名，其中女党员251名，占29.6%。", "251名÷986名=25.46%"),
    ("share", "受理工单1530件，12345热线转办620件，按期办结1488件，按期办结率98.6%。", "1488件÷1530件=97.25%"),
    ("share", "全村共有农户356户，已落实家庭医生签约。其中脱贫户89户，占全村农户的21.5%。", "89户÷356户=25.00%"),
    ("share", "总投资1.2亿元，其中财政资金5000万元，占35.2%。", "5000万元÷1.2亿元=41.67%"),
    ("share", "这7个村占被调查66个村的13.6%。", "7个÷66个=10.61%"),
    ("share", "全镇受理1874件，初信初访1321件、重信重访553件，分别占60.5%与29.5%。", "1321件÷1874件=70.49%"),
    ("share", "党员总数101人，其中女党员15名，占14.8%、离退休党员8人，占7.9%、生活困难党员4人，占3.8%。", "4人÷101人=3.96%"),
    ("completion", "年度任务420万元，实际完成465万元，完成年度任务的105.2%。", "465万元÷420万元=110.71%"),
    ("completion", "全年计划造林3000亩，完成造林2760亩，完成全年计划的96%。", "2760亩÷3000亩=92.00%"),
    ("average", "开展培训12期，培训1044人次，期均97人次。", "1044人次÷12期=87人次"),
    ("average", "全村脱贫户52户，年内发放产业奖补资金31.2万元，户均6800元。", "31.2万元÷52户=6000元"),
    ("yield", "种植面积2.6万亩，总产1150万公斤，平均亩产420公斤。", "1150万公斤÷2.6万亩=442.31公斤"),
    ("yield", "其中：水稻9100亩，平均亩产550公斤，总产4641吨。", "4641吨÷9100亩=510公斤"),
    ("difference", "由上年的8.62亿元增加到9.47亿元，增加0.95亿元。", "9.47亿元−8.62亿元=0.85亿元"),
    ("difference", "粮食产量5.2万吨，比上年的4.8万吨增加0.8万吨。", "5.2万吨−4.8万吨=0.4万吨"),
    ("difference", "群众满意率从85.2%提高到91.3%，提高7.1个百分点。", "91.3%−85.2%=6.1个百分点"),
    ("structure", "三次产业结构调整为9.1∶40.7∶51.2。", "9.1+40.7+51.2=101"),
    ("growth", "茶叶总产量1118.6吨，同比增加172.6吨，增28%。", "172.6吨÷(1118.6吨−172.6吨)=18.25%"),
    ("growth", "生猪出栏5000头，同比减少1000头，下降20%。", "1000头÷(5000头+1000头)=16.67%"),
]

CONSISTENT = [
    ("share", "党员986名，其中女党员251名，占25.5%。"),
    ("share", "受理工单1530件，按期办结1488件，按期办结率97.3%。"),
    ("share", "总投资1.2亿元，其中财政资金5000万元，占41.7%。"),
    ("share", "初信初访1321件、重信重访553件，分别占70.5%与29.5%。"),  # the whole is not written
    ("share", "全镇共有党员400名，流动党员30名，其中外出务工党员20名，占流动党员的66.7%。"),
    ("share", "这9个村占被调查66个村的13.6%。"),
    ("share", "党员总数101人，其中女党员15名，占14.8%、离退休党员8人，占7.9%、生活困难党员4人，占4.0%。"),  # peers
    ("share", "男性党员、女性党员分别为485人和36人，占党员总数的比重为93.09%和6.91%。"),
    ("share", "监测户32户103人，其中新增2户，已消除风险22户，风险消除率65.1%。"),  # may be counted in 人
    ("completion", "年度任务420万元，实际完成465万元，完成年度任务的110.7%。"),
    ("completion", "全年计划造林3000亩，完成造林2760亩，完成全年计划的92%。"),
    ("average", "开展培训12期，培训1044人次，期均87人次。"),
    ("average", "全村脱贫户52户，年内发放产业奖补资金31.2万元，户均6000元。"),
    ("average", "全镇户籍人口12000人，人均可支配收入2.1万元。"),  # no total: undecidable
    ("yield", "种植面积2.6万亩，总产1150万公斤，平均亩产442公斤。"),
    ("yield", "计划种植20300亩，总产8866吨，其中：水稻9100亩，平均亩产510公斤，总产4641吨。"),  # its own total
    ("growth", "茶叶总产量1118.6吨，同比增加172.6吨，增18%。"),
    ("growth", "生猪出栏5000头，同比减少1000头，下降16.7%。"),
    ("total", "新增富民产业13042亩，其中果业9542亩，有机茶叶2000亩，稻渔综合种养1200亩，特色中药300亩。"),
    ("total", "工单总数12683件，其中办结8846件、不予受理867件、满意6197件、基本满意237件、不满意1262件。"),
    ("growth", "实际总产量2535万公斤，比计划总产增4.6万公斤，增0.18%。"),  # 4.6 is the change, not the base
    ("difference", "由上年的8.62亿元增加到9.47亿元，增加0.85亿元。"),
    ("difference", "粮食产量5.2万吨，比上年的4.8万吨增加0.4万吨。"),
    ("difference", "群众满意率从85.2%提高到91.3%，提高6.1个百分点。"),
    ("difference", "村集体收入由上年的12万余元增加到18万元，增加5万元。"),  # hedged: undecidable
    ("structure", "三次产业结构调整为9.1∶40.7∶50.2。"),
    ("structure", "会议于10:30:45开始，比例尺为1:2:3。"),  # not shares of 100
]


@pytest.mark.parametrize("family, text, working", BROKEN)
def test_broken_relation_is_flagged_with_its_arithmetic(family, text, working):
    found = [d for d in proofread(text) if d.kind == "arithmetic"]
    assert len(found) == 1, found
    d = found[0]
    assert d.family == family and d.to_dict()["family"] == family
    assert working in d.message and "文中为" in d.message or family == "structure" and working in d.message
    assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("family, text", CONSISTENT)
def test_consistent_relation_is_not_flagged(family, text):
    assert [d for d in proofread(text) if d.kind in ("arithmetic", "sum")] == []


def test_rounding_either_way_is_accepted():
    # 1/3 = 33.33…%: 33.3 (half), 33.4 (up) are both fine; 34.5 is not
    assert not proofread("参会3人，其中女性1人，占33.3%。")
    assert not proofread("参会3人，其中女性1人，占33.4%。")
    assert proofread("参会3人，其中女性1人，占34.5%。")
