from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from zhenwu.api.base import ErrorOut
from zhenwu.core.forms import REPORT_UPLOAD_MAX_BYTES, read_report_upload
from zhenwu.core.text import PROOFREAD_MAX_CHARS, cap, printable

from zhenwu.core.models import OrgUnit
from zhenwu.core.scope import CHANGE, get_scoped_or_404
from zhenwu.reports import actions, services, writer
from zhenwu.reports.models import Report

router = Router(tags=["工作报告"])


class SectionOut(Schema):
    key: str
    title: str
    level: int
    builder: str
    body: str
    narrative: str
    edited: bool
    figures: list
    defects: list

    @staticmethod
    def resolve_defects(obj):
        return [d.to_dict() for d in services.proofread_section(obj)]


class ReportOut(Schema):
    id: int
    org_id: int
    title: str
    period: str
    outline: str
    sections: list[SectionOut]

    @staticmethod
    def resolve_outline(obj):
        return obj.outline.code

    @staticmethod
    def resolve_sections(obj):
        return list(obj.sections.all())


class ReportIn(Schema):
    org: str
    period: str
    kind: str = "annual"


class SectionIn(Schema):
    body: str = ""
    narrative: str = ""


@router.get("/", response=list[ReportOut], summary="可见的报告")
def list_reports(request):
    return Report.objects.visible_to(request.user).select_related("outline")


@router.post("/", response=ReportOut, summary="生成报告（单位代码或名称、期间、类型 annual/half/safety）")
def create_report(request, payload: ReportIn):
    org = get_scoped_or_404(OrgUnit.objects.all(), request.user, CHANGE, code=payload.org) if payload.org.isdigit() \
        else get_scoped_or_404(OrgUnit.objects.all(), request.user, CHANGE, name=payload.org)
    report, _ = actions.get_or_create_report(request.user, org, services.outline_for(payload.kind, org), payload.period)
    return report


class CheckOut(Schema):
    facts: list[dict]
    defects: list[dict]


@router.post("/check", response={200: CheckOut, 413: ErrorOut},
             summary="校对一份报告：上传 .txt/.docx/.pdf（file）或提交文字（text），返回数字与问题",
             description="返回的 facts、defects 与命令 `zhenwu extract`、`zhenwu check --format jsonl` 的记录相同；"
                         f"文件不超过 {REPORT_UPLOAD_MAX_BYTES // 1048576} MB，文字不超过 {PROOFREAD_MAX_CHARS:,} 个字"
                         "（超过时 413）；文件损坏或格式不支持时 400。不保存任何内容。\n\n"
                         "defects 每条含 kind（placeholder 数字未填写、missing_number 缺少数字、arithmetic 比率或关系不符、"
                         "sum 合计与分项不符、inconsistent 前后不一致、duplicate_char 文字重复、typo 疑似错别字、"
                         "formula 规范提法有误、other 数值不合常理、placeholder_name 名称被隐去）、text、start、end（在"
                         "提交文字中的位置）、note 与中文 message（关系类问题写出算式，如“251名÷986名=25.46%，文中为29.6%”）；"
                         "arithmetic 另有 family：share 占比、completion 完成比例、average 平均数、yield 单产、"
                         "difference 增减量、growth 增幅、structure 结构比例。")
def check_report(request, text: Form[str] = "", file: File[UploadedFile] = None):
    from zhenwu.textkit import extract, proofread

    if file is not None:
        if file.size > REPORT_UPLOAD_MAX_BYTES:
            return Status(413, {"detail": f"文件超过 {REPORT_UPLOAD_MAX_BYTES // 1048576} MB，请拆分后再上传"})
        body = printable(read_report_upload(file))  # a corrupt or hostile file: ValidationError → 400
    elif text.strip():
        body = printable(text)
    else:
        raise ValidationError("请粘贴报告文字或选择一个文件")
    try:
        body = cap(body, PROOFREAD_MAX_CHARS, "报告")
    except ValidationError as e:
        return Status(413, {"detail": "；".join(e.messages)})
    facts = extract(body)
    return {"facts": [f.to_dict() for f in facts], "defects": [d.to_dict() for d in proofread(body, facts)]}


@router.get("/{pk}", response=ReportOut)
def get_report(request, pk: int):
    return get_scoped_or_404(Report.objects.all(), request.user, pk=pk)


@router.put("/{pk}/sections/{key}", response=SectionOut, summary="保存一节的正文和补充内容")
def save_section(request, pk: int, key: str, payload: SectionIn):
    report = get_scoped_or_404(Report.objects.all(), request.user, CHANGE, pk=pk)
    section = get_object_or_404(report.sections, key=key)
    return actions.save_section_text(request.user, section, payload.body, payload.narrative)


@router.post("/{pk}/sections/{key}/regenerate", response=SectionOut, summary="按最新数据重新生成一节")
def regenerate_section(request, pk: int, key: str):
    report = get_scoped_or_404(Report.objects.all(), request.user, CHANGE, pk=pk)
    return actions.regenerate_section(request.user, get_object_or_404(report.sections, key=key))


@router.get("/{pk}/docx", summary="下载 Word（GB/T 9704 版式）")
def download_docx(request, pk: int):
    report = get_scoped_or_404(Report.objects.all(), request.user, pk=pk)
    response = HttpResponse(writer.docx_bytes(report), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = "attachment; filename=report.docx"
    return response

