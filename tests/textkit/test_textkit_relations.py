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
    # the target inside the completion phrase; the change against a base written with 比…的 or against the plan
    ("completion", "参加失业保险7920人，完成年度目标任务7900人的110.25%。", "7920人÷7900人=100.25%"),
    ("completion", "完成植树造林5200亩，占计划5000亩的108%。", "5200亩÷5000亩=104.00%"),
    ("difference", "全年受理纠纷312件，较去年同期的260件，增加62件。", "312件−260件=52件"),
    ("difference", "计划投资1.5亿元，实际完成投资1.86亿元，比计划多0.15亿元。", "1.86亿元−1.5亿元=0.36亿元"),
    ("growth", "全年植树4200株，比上年的3500株增700株，增25%。", "700株÷3500株=20.00%"),
    ("growth", "社区服务收入86.4万元（不含补助），比2022年增加12.4万元，增长19.5%。",
     "12.4万元÷(86.4万元−12.4万元)=16.76%"),
    ("average", "全年累计救助1200人次，支出救助金54万元，人均救助500元。", "54万元÷1200人次=450元"),
    ("yield", "全镇水稻种植面积1.2万亩，比上年增加0.1万亩；水稻总产量720万公斤，平均亩产660公斤。",
     "720万公斤÷1.2万亩=600公斤"),
    ("structure", "三次产业构成为8.2∶41.5∶51.3。", "8.2+41.5+51.3=101"),
    ("difference", "全镇茶园单产达82公斤/亩，比去年同期76公斤/亩提高10公斤。", "82公斤−76公斤=6公斤"),
    ("growth", "全县蔬菜种植面积为32.4万亩，同比增2.4万亩，增幅10.5%。", "2.4万亩÷(32.4万亩−2.4万亩)=8.00%"),
    ("growth", "全镇茶叶产量达1.5万吨，比去年同期1.2万吨增0.3万吨，增幅达12%。", "0.3万吨÷1.2万吨=25.00%"),
    ("yield", "全县油菜面积60.2万亩，较上年扩种3.4万亩；总产量7.8万吨，较上年增加0.5万吨；亩均单产150.5公斤。",
     "7.8万吨÷60.2万亩=129.57公斤"),
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
    ("completion", "参加失业保险7920人，完成年度目标任务7900人的100.25%。"),
    ("completion", "参加居民医保3355人，其中成年居民544人，学生儿童2811人，占年度目标任务2000人的167.75%。"),
    ("difference", "全年受理纠纷312件，较去年同期的260件，增加52件。"),
    ("difference", "计划投资1.5亿元，实际完成投资1.86亿元，比计划多0.36亿元。"),
    ("growth", "全年植树4200株，比上年的3500株增700株，增20%。"),
    ("growth", "社区服务收入86.4万元（不含补助），比2022年增加12.4万元，增长16.8%。"),
    ("average", "全年累计救助1200人次，支出救助金54万元，人均救助450元。"),
    ("average", "低保对象118人，发放低保补助金71.71万元，人均月补助506.4元/月/人。"),  # a year's total, per month
    ("average", "每户发放慰问金300元，共计2.22万元。"),  # a standard, the count is not written: undecidable
    ("yield", "全镇水稻种植面积1.2万亩，比上年增加0.1万亩；水稻总产量720万公斤，平均亩产600公斤。"),
    ("yield", "全镇玉米种植面积1.2万亩；水稻总产量720万公斤，平均亩产660公斤。"),  # another crop's area: undecidable
    ("structure", "三次产业构成为8.2∶40.5∶51.3。"),
    ("difference", "全镇茶园单产达82公斤/亩，比去年同期76公斤/亩提高6公斤。"),
    ("growth", "全县蔬菜种植面积为32.4万亩，同比增2.4万亩，增幅8%。"),
    ("yield", "全县油菜面积60.2万亩，较上年扩种3.4万亩；总产量7.8万吨，较上年增加0.5万吨；亩均单产129.6公斤。"),
    ("yield", "全县油菜面积60.2万亩，小麦面积20万亩；总产量7.8万吨；亩均单产150.5公斤。"),  # which area: undecidable
    # not breakdowns: other activities after 各类…活动, a 其中 closed by its parenthesis, measures of one population
    ("total", "全年开展各类宣讲活动6场，开展观影活动 12场，开展趣味运动会2场次。"),
    ("total", "已完成退耕还林3200亩（其中生态林2100亩），荒山造林1800亩。"),
    ("total", "全村劳动力总数为1862人，其中劳动年龄内1450人，务工人员1520人，转移就业960人。"),
    ("share", "规上工业产值80亿元，其中装备制造产值30亿元，新材料产值12亿元，高新技术产业增加值占比达35%。"),
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


def test_a_bare_wan_after_money_is_money_and_a_format_is_no_figure():
    from zhenwu.textkit import extract
    facts = extract("财政一般预算收入任务174万，完成198万；新建5人制足球场1个。")
    assert [(f.text, f.kind) for f in facts] == [("174万", "amount"), ("198万", "amount"), ("1个", "count")]


def test_dropped_or_swapped_character_of_a_common_collocation():
    from zhenwu.textkit import proofread
    found = [d.text for d in proofread("综合楼主题工程基本竣工，扎实推进共富裕。主题工程建设有序推进。") if d.kind == "typo"]
    assert any("主题工程" in t for t in found) and any("共富裕" in t for t in found) and len(found) == 2
