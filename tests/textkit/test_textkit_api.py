"""Public API: purity, number grammar, subjects, proof-reading rules."""

import json
import subprocess

import pytest

from zhenwu.textkit import Defect, Fact, extract, proofread
from zhenwu.textkit.layout import reading_view

from textkit_helpers import PYTHON, ROOT


def test_textkit_imports_no_django():
    code = "import sys, zhenwu.textkit, zhenwu.textkit.cli; print('django' in sys.modules)"
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def one(text: str) -> Fact:
    facts = extract(text)
    assert len(facts) == 1, [f.to_dict() for f in facts]
    return facts[0]


@pytest.mark.parametrize("text, value, unit, kind, approx", [
    ("固定资产投资1.3673亿元", 1.3673, "亿元", "amount", False),
    ("新种中药材1500余亩", 1500, "亩", "measure", True),
    ("销售额超1000万元", 1000, "万元", "amount", True),
    ("铺设21.78万块组件", 21.78, "万块", "count", False),
    ("全年接待游客1,234人次", 1234, "人次", "count", False),
    ("完成造林１２０亩", 120, "亩", "measure", False),
    ("居住人口数达一万人", 10000, "人", "count", False),
    ("种植面积三万五千亩", 35000, "亩", "measure", False),
    ("建立救援队伍十三支", 13, "支", "count", False),
    ("发挥万亩林地优势", 10000, "亩", "measure", False),
    ("打造百亩示范基地", 100, "亩", "measure", False),
    ("投资1200余万实施管网工程", 1200, "万", "amount", True),
    ("储能50MW", 50, "MW", "measure", False),
    ("护坡13163m³", 13163, "m3", "measure", False),
    ("问题整改率100％", 100, "%", "percent", False),
    ("治理矛盾纠纷98％以上", 98, "%", "percent", True),
    ("开展为期21天的支教活动", 21, "天", "measure", False),
    ("仅用一个多月完成签约", 1, "个月", "measure", True),
    ("购置设备8台（套）", 8, "台(套)", "count", False),
    ("每月产值在15万元左右", 15, "万元", "amount", True),
    ("协调解决问题百余个", 100, "个", "count", True),
    ("专家先后两轮深入企业", 2, "轮", "count", False),
    ("村干部平均年龄35.2岁", 35.2, "岁", "measure", False),
    ("履约率90﹪", 90, "%", "percent", False),
    ("二氧化硫平均浓度为11微克/立方米", 11, "微克/立方米", "measure", False),
    ("家禽出栏638.75万羽", 638.75, "万羽", "count", False),
    ("支出低保金3347万", 3347, "万", "amount", False),
    ("累计接待客商 30 余批次", 30, "批次", "count", True),
    ("总产量预计达500万公斤", 500, "万公斤", "measure", False),
    ("分两批组织考察", 2, "批", "count", False),
])
def test_number_grammar(text, value, unit, kind, approx):
    f = one(text)
    assert (f.value, f.unit, f.kind, f.approx) == (value, unit, kind, approx)
    assert text[f.start:f.end] == f.text


def test_growth_is_signed_and_linked():
    facts = extract("全镇完成工农业总值18.14亿元，同比增长9.8％；一般公共预算支出同比下降8.2%。")
    growth = [f for f in facts if f.kind == "growth"]
    assert [g.value for g in growth] == [9.8, -8.2]
    assert growth[0].growth_of == "18.14亿元"
    assert growth[0].subject == "工农业总值"


def test_ranges():
    f = one("每村配备3至5名网格员")
    assert f.value == [3, 5] and f.unit == "名"


@pytest.mark.parametrize("text", [
    "严格落实“第一议题”制度", "一是抓政治学习", "“十四五”规划", "学习二十大精神", "构建“1＋4”联动机制",
    "完成3#村落建设", "2023年4月21日召开", "第五次全国经济普查", "开展百日攻坚行动", "打造五大基地",
    "村湾内70岁以上的老人", "500万元以上项目", "推行“一户一策”", "落实“四个不摘”要求",
    "在一个时期内", "清除坟墓方圆3米以内的杂草", "孕产妇死亡率3.85/10万", "完成小麦“一喷三防”x.x万亩", "粮食播种面积万亩，", "52fw.cn 06-15 次遇见", "工作进展情况2根据省里安排", "各项工作跨上一个新台阶", "贫困发生率降至2%以下", "完成一期工程", "引进一批人才",
])
def test_labels_are_not_facts(text):
    assert extract(text) == []


def test_subjects_come_from_the_report():
    facts = extract("共开展中心组学习13次、党委会20次，依托全镇13个人民调解委员会，新增监测户2户7人。")
    assert [f.subject for f in facts] == ["中心组学习", "党委会", "人民调解委员会", "监测户", "监测户"]


def test_to_dict_has_schema_keys():
    d = one("完成造林329亩").to_dict()
    assert list(d) == ["type", "text", "subject", "value", "unit", "kind", "approx", "growth_of", "start", "end"]
    json.dumps(d, ensure_ascii=False)


def kinds(text: str) -> list[str]:
    return [d.kind for d in proofread(text) if d.kind != "placeholder_name"]


@pytest.mark.parametrize("text, kind", [
    ("固定资产投资XX万元，同比增长XX%", "placeholder"),
    ("人均生产总值1XX32元", "placeholder"),
    ("比增2X.13%", "placeholder"),
    ("以工代赈项目0万元", "placeholder"),
    ("开展学习共计次。", "missing_number"),
    ("距县城公里，全乡区域面积平方公里，", "missing_number"),
    ("下辖个行政村，个村民小组，居住着等个民族的群众万人。", "missing_number"),
    ("全乡共有脱贫户户人。", "missing_number"),
    ("有重点帮扶村个：大冲口村。", "missing_number"),
    ("共有驻村工作队支，队长及队员人。", "missing_number"),
    ("工农业总产值50.25亿元,比2022年的增长52.64%。", "missing_number"),
    ("共调处矛盾纠纷36件,调解成功35件,调解成功率达99,基本实现目标。", "arithmetic"),
    ("受理信访事项187件,同比下降12.6%;化解184件,化解率98.6%。", "arithmetic"),
    ("截止11底，全镇", "typo"),
    ("对辖区情况心理有数", "typo"),
    ("完成上年半工作总结", "typo"),
    ("清理蓄禽养殖粪污", "typo"),
    ("建全机构，落实责任", "typo"),
    ("全年完成粮食播种面积万亩,比上年增加万亩;平均单产公斤,比上年增加公斤。", "missing_number"),
    ("实施预防性处罚205.1026元", "other"),
    ("于2023年2023月16日召开", "other"),
    ("3月35日完成验收", "other"),
    ("2022年度直接经济损失高达**万元，损坏房屋***间", "placeholder"),
    ("在202223年度考核中", "other"),
    ("财政收入3.33亿元，完成年度计划92.13。规模以上工业", "other"),
    ("全年信访办复率20230%", "arithmetic"),
    ("坚持慎始如终，疏理整改问题", "typo"),
    ("止6月底,全县共发展药材", "typo"),
    ("资金由上级下拔", "typo"),
    ("坚持因地治宜、与时具进，严历打击违法行为", "typo"),
    ("“一肩挑”比例实现%，", "missing_number"),
    ("积极发积极发展产业", "duplicate_char"),
    ("签约项目10个;履约项目9个,履约率90﹪;开工项目6个,开工率70﹪。", "arithmetic"),
    ("实现出口交货值14.47亿元,比2022年的8.22亿元,增长76.4%。", "arithmetic"),
    ("项目总投资1.3亿元，其中财政资金5000万元、社会资本6000万元。", "sum"),
    ("共解决疑难纠纷  起，涉案", "missing_number"),
    ("走访退役士兵182人人，发放", "duplicate_char"),
    ("社区社区工作者实训基地", "duplicate_char"),
    ("2023年年，全镇", "duplicate_char"),
    ("暑期运营收入实破60万元", "typo"),
    ("整治赃、乱、差", "typo"),
    ("截止目前，全镇", "typo"),
    ("共排查矛盾纠纷128宗,调结111宗,调结率90.13%", "arithmetic"),
    ("流出图斑63.67亩。一般耕地流出图斑28.2亩。共计92.83亩。", "sum"),
    ("新规划了2000亩(其中雷林1100亩、群众100亩)", "sum"),
    ("有赵屋、西坑仔、边板和虾沟等1条村庄被评为卫生村", "sum"),
    ("全镇粮食播种面积xxxxx亩，产值xxxx.x万元", "placeholder"),
])
def test_defect_rules(text, kind):
    assert kind in kinds(text)


@pytest.mark.parametrize("text", [
    "完成全年任务目标的121.6％，完成年度目标任务7900人，完成任务3项。",
    "共排查矛盾纠纷128宗,调结111宗,调结率86.72%。",
    "总建筑面积5000平方米，其中加工厂房4000平方米、储存仓库1000平方米。",
    "2023年年底完成建设，截至目前已完成。",
    "监测户125户564人，风险未消除监测户28户116人，风险消除率79.43％。",
    "XX镇XXX村开展人人参与的活动。",
    "下载xlsx模板3份，使用Excel表格2个。",
    "保护个人信息，整个过程由各个村、每个组负责，家家户户人人参与，近万人次参观。",
    "工业总产值49.2亿元,比2022年的32.02亿元,增长53.66%。",
    "2023年12月31日前完成，为期18个月，每斤3.5元，单价12.125万元。",
    "重点项目完成率128.6%，增长率为200%。",
    "签约项目10个;履约项目9个,履约率90﹪;开工项目6个,开工率60﹪。精神残疾人每人每年发放1000元，截止到月底。",
    "第十五届西博会签约项目10个，投资总额24亿元;履约项目9个。\n四川行活动签约项目11个，投资总额33.8亿元;履约项目9个。\n",
    "落实育秧主体80个,其中专业化育秧主体32个,其它育秧主体48个,涉及全县16个乡镇。",
    "投资100多万元建设万亩良田。",
    "累计保障628007人 次，开展纪律审查互查互评。",
    "协调解决问题百余个。死亡6人,同比事故起数持平,死亡人数减少1人、下降14.3%。",
    "项目总投资1.1亿元，其中财政资金5000万元、社会资本6000万元。",
])
def test_clean_text_has_no_defects(text):
    assert kinds(text) == []


def test_arithmetic_message_shows_the_working():
    d = next(d for d in proofread("共排查矛盾纠纷128宗,调结111宗,调结率90.13%") if d.kind == "arithmetic")
    assert "111/128 = 86.72%" in d.message and "90.13%" in d.message


def test_name_placeholders_have_their_own_kind():
    defects = proofread("XX镇XXX村召开会议")
    assert {d.kind for d in defects} == {"placeholder_name"}
    assert isinstance(defects[0], Defect)
    assert set(defects[0].to_dict()) == {"type", "kind", "text", "note", "start", "end", "message"}


RESTATED = ("一、重点项目\n城南污水处理厂项目顺利推进，已完成征地320亩，主体工程完工。\n"
            "二、存在问题\n城南污水处理厂项目进展较慢，目前已完成征地280亩，仍需加快。\n")


def test_inconsistent_flags_both_statements_of_one_quantity():
    found = [d for d in proofread(RESTATED) if d.kind == "inconsistent"]
    assert [d.text for d in found] == ["已完成征地320亩", "目前已完成征地280亩"]
    assert "城南污水处理厂项目" in found[0].message and "第4行为280亩" in found[0].message
    assert all(RESTATED[d.start:d.end] == d.text for d in found)


@pytest.mark.parametrize("text", [
    # the same figure restated, or a hedged figure within its hedge
    RESTATED.replace("280亩", "320亩"),
    RESTATED.replace("320亩", "300余亩").replace("280亩", "290亩"),
    # the sentences name different projects
    RESTATED.replace("城南污水处理厂项目进展", "城北垃圾中转站项目进展"),
    # two items of one numbered list are two things
    "1．城南片区建设项目计划投资1500万，完成征地300亩。\n2．城北片区建设项目计划投资1700万，完成征地200亩。\n",
])
def test_inconsistent_needs_one_quantity_of_one_named_thing(text):
    assert "inconsistent" not in kinds(text)



WRAPPED = ("XX镇2023年\n政府工作报告\n（一）经济运行稳中有升\n前三季度,完成地区生产总值\nXX\n亿元,增长\n5%\n;花生种植面积达\n7860\n亩,\n"
           "同比增长 10.2 %,南岗茶村茶叶\n产量达\n800\n斤。\n二、下步打算\n")


def test_hard_wrapped_lines_are_read_as_one_sentence():
    facts = extract(WRAPPED)
    assert [(f.value, f.unit, f.kind, f.subject) for f in facts] == [
        (5, "%", "growth", "地区生产总值"), (7860, "亩", "measure", "花生种植面积"), (10.2, "%", "growth", "花生种植面积"),
        (800, "斤", "measure", "南岗茶村茶叶产量")]
    assert facts[1].text == "7860\n亩" and all(WRAPPED[f.start:f.end] == f.text for f in facts)
    placeholders = [d for d in proofread(WRAPPED) if d.kind == "placeholder"]
    assert [d.text for d in placeholders] == ["XX\n亿元"]
    assert WRAPPED[placeholders[0].start:placeholders[0].end] == "XX\n亿元"


def test_paragraph_per_line_text_is_left_alone():
    text = "XX镇2023年工作总结\n全镇排查隐患62处\n已整改62处。\n"
    assert reading_view(text) is text
    joined = reading_view(WRAPPED)
    assert len(joined) == len(WRAPPED)
    assert "生产总值 XX 亿元,增长 5% ;" in joined and "稳中有升\n前三季度" in joined and "斤。\n二、" in joined


def test_growth_against_its_base_shows_the_working():
    d = next(d for d in proofread("出口交货值14.47亿元,比2022年的8.22亿元,增长76.4%") if d.kind == "arithmetic")
    assert "(14.47−8.22)/8.22 = 76.03%" in d.message and "76.4%" in d.message


@pytest.mark.parametrize("text, subject", [
    ("组织100余名村(场)主要领导", "村(场)主要领导"),
    ("辖区内30个村也都相应设立了调解室", "村"),
    ("农民人均收入到达7030元", "农民人均收入"),
    ("同比事故起数增加2起", "事故起数"),
    ("木棠镇下辖25个村委会,全镇13951户", "全镇"),
    ("全镇共发生刑事案件29起,与去年同比下降49.1%", "刑事案件"),
    ("废水39件,约占5.9%", "废水"),
    ("学前三年毛入园率由58%上升到79.6%", "学前三年毛入园率"),
    ("信访量从2007年的465件又上升到了ⅩⅩ年的666件", "信访量"),
    ("辖区居民健康素养水平稳步提升,2022年达38.2%", "辖区居民健康素养水平稳步提升"),
    ("提前实现了2030年的目标值(37%)", "目标值"),
    ("落实好投资3910万元、面积1.8万亩的市级基本农田保护示范区建设项目", "市级基本农田保护示范区建设项目"),
    ("XX镇计划投资90万元，建设安全生产物联感知系统", "安全生产物联感知系统"),
    ("近两万人次参观", "参观"),
])
def test_subject_is_the_measured_noun(text, subject):
    assert subject in [f.subject for f in extract(text)]


def test_growth_after_a_plain_comma_or_rate_word():
    facts = extract("上交税金3974万元,增长率到达了64%。事故起数增加2起、上升4.7%。")
    assert [(f.kind, f.subject) for f in facts] == [
        ("amount", "上交税金"), ("growth", "上交税金"), ("count", "事故起数"), ("growth", "事故起数")]


def test_respectively_hands_each_figure_its_own_subject():
    facts = extract("初信初访1321件,重信重访553件,分别占70.5%与29.5%。")
    assert [(f.kind, f.subject) for f in facts[2:]] == [("percent", "初信初访"), ("percent", "重信重访")]


def test_a_rate_without_its_percent_sign_is_still_a_rate():
    rate = extract("调解成功率达99,基本实现目标")[0]
    assert (rate.value, rate.unit, rate.kind, rate.subject) == (99, "", "percent", "调解成功率")
