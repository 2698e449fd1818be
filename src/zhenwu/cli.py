"""The `zhenwu` command. Every error is one Chinese line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys


class CliError(Exception):
    """A failure the user can act on; its message is shown as is."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwu.settings")
    import django

    django.setup()


def _check_database() -> None:
    """Fail early and clearly when the database is unreachable or not migrated."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    plan = MigrationExecutor(connection).migration_plan(MigrationExecutor(connection).loader.graph.leaf_nodes())
    if plan:
        raise CliError("数据库尚未初始化或需要升级，请先运行：zhenwu migrate")


def _migrate_quietly() -> str:
    """Create or upgrade the schema; says which of the two it did (or that nothing was needed)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    fresh = not executor.loader.applied_migrations
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    if fresh:
        return "已创建数据库结构。"
    return f"已升级数据库结构（{len(pending)} 项变更）。" if pending else "数据库已是最新结构。"


def cmd_migrate(args) -> int:
    print(_migrate_quietly())
    return 0


def cmd_demo(args) -> int:
    from zhenwu.demo import accounts_table, load_demo

    print(_migrate_quietly())
    load_demo()
    print("示例县数据已就绪（重复运行不会改变已有数据）。")
    print(accounts_table())
    if args.no_serve:
        return 0
    return cmd_serve(args)


def _port_taken(host: str, port: int) -> bool:
    """Whether something already listens on host:port (checked before saying the server started)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError:
            return True
    return False


def default_workers() -> int:
    """One worker process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def cmd_serve(args) -> int:
    """gunicorn: `--workers` processes (default: the core count), each with `--threads` threads; static files
    through whitenoise inside the application, background jobs as threads in each worker."""
    _check_database()
    if _port_taken(args.host, args.port):
        print(f"错误：端口 {args.port} 已被占用，请换一个端口（--port）或先停止占用它的程序", file=sys.stderr)
        return 1
    from zhenwu.core import jobs
    from zhenwu.server import run

    workers = args.workers or default_workers()
    job_threads = 0 if jobs.queue().immediate else int(os.environ.get("ZHENWU_JOB_WORKERS", "2") or 0)
    where = f"每个进程内 {job_threads} 个线程" if job_threads else "请另行运行 zhenwu worker"
    print(f"镇务已启动：http://{args.host}:{args.port}/  （{workers} 个进程 × {args.threads} 个线程；"
          f"后台任务：{where}；Ctrl+C 停止）", flush=True)
    run(args.host, args.port, workers=workers, threads=args.threads, timeout=args.timeout)
    return 0


def cmd_bench_data(args) -> int:
    """A generated county for benchmarks and load tests (zhenwu.scale.benchdata)."""
    from zhenwu.scale.benchdata import GenerationError, generate

    print(_migrate_quietly())
    try:
        summary = generate(args.towns, args.villages, args.years, args.entries, append=args.append,
                           progress=lambda message: print(f"  {message}", flush=True))
    except GenerationError as e:
        raise CliError(str(e)) from None
    print(f"已生成：{summary.towns} 个乡镇、{summary.villages} 个村，台账记录 {summary.entries:,} 条（流转 "
          f"{summary.transitions:,} 条，{summary.entries_per_second:,.0f} 条/秒），指标数值 {summary.values:,} 个，"
          f"项目 {summary.projects} 个、任务 {summary.tasks} 个，新账号 {summary.accounts} 个（密码 zhenwu-bench）；"
          f"共用时 {summary.seconds:.1f} 秒。")
    return 0


def cmd_rebuild_aggregates(args) -> int:
    from zhenwu.scale.actions import rebuild_aggregates

    _check_database()
    counts, sums = rebuild_aggregates()
    print(f"已重算台账汇总：条数 {counts:,} 行，合计 {sums:,} 行。")
    return 0


def cmd_worker(args) -> int:
    """Run background jobs in this process (for deployments whose web processes set ZHENWU_JOB_WORKERS=0)."""
    import threading

    from zhenwu.core import jobs

    _check_database()
    count = jobs.start_workers(args.threads)
    print(f"后台任务处理已启动：{count} 个线程（Ctrl+C 停止）", flush=True)
    try:
        threading.Event().wait()
    finally:
        jobs.stop_workers()
    return 0


def cmd_backup(args) -> int:
    from zhenwu.core.backup import BackupError, backup

    _check_database()
    try:
        manifest = backup(args.file)
    except (BackupError, OSError) as e:
        raise CliError(str(e) if isinstance(e, BackupError) else _describe(e)) from None
    size = os.path.getsize(args.file) / 1048576
    print(f"已备份到 {args.file}（数据库 {manifest['engine']}，上传文件 {manifest['files']} 个，{size:.1f} MB）")
    return 0


def cmd_restore(args) -> int:
    from zhenwu.core.backup import BackupError, restore

    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("恢复会覆盖当前的全部数据和上传文件：确认无误请加 --yes")
        if input("恢复会覆盖当前的全部数据和上传文件，请先停止服务。继续请输入 yes：").strip().lower() != "yes":
            print("已取消。")
            return 1
    try:
        manifest = restore(args.file)
    except (BackupError, OSError) as e:
        raise CliError(str(e) if isinstance(e, BackupError) else _describe(e)) from None
    print(f"已从 {args.file} 恢复（备份时间 {manifest.get('created', '?')}，上传文件 {manifest.get('files', 0)} 个）")
    return 0


def cmd_createadmin(args) -> int:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from zhenwu.core.actions import create_account
    from zhenwu.core.models import OrgUnit
    from zhenwu.core.roles import Role

    _check_database()
    User = get_user_model()
    if User.objects.filter(username=args.username).exists():
        raise CliError(f"用户“{args.username}”已存在")
    org = None
    if args.org:
        org = OrgUnit.objects.filter(code=args.org).first() or OrgUnit.objects.filter(name=args.org).first()
        if org is None:
            raise CliError(f"找不到单位“{args.org}”（请填写单位代码或全称）")
    password = args.password or os.environ.get("ZHENWU_ADMIN_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            raise CliError("请用 --password 或环境变量 ZHENWU_ADMIN_PASSWORD 提供密码")
        password = getpass.getpass("密码：")
    if len(password) < 8:
        raise CliError("密码至少 8 位")
    role = Role.COUNTY_ADMIN if org is not None and org.parent_id is None else Role.TOWN_ADMIN
    try:
        create_account(None, username=args.username, password=password, full_name="", org=org, role=role)
    except ValidationError as e:
        raise CliError("；".join(e.messages)) from None
    where = f"{org.name}的管理员" if org else "系统管理员（可见全部单位）"
    print(f"已创建用户“{args.username}”：{where}")
    return 0


def cmd_init(args) -> int:
    from zhenwu.core import divisions
    from zhenwu.core.models import Level

    if divisions.is_region(args.division):
        return _init_region(args.division)
    try:
        divisions.find(args.division)  # an unknown code is said before anything is created
    except divisions.DivisionError as e:
        raise CliError(str(e)) from None
    print(_migrate_quietly())
    try:
        loaded = divisions.load(args.division)
    except divisions.DivisionError as e:
        raise CliError(str(e)) from None
    units = loaded.county.subtree()
    towns = units.filter(level__in=[Level.TOWN, Level.STREET]).count()
    villages = units.filter(level__in=[Level.VILLAGE, Level.COMMUNITY]).count()
    print(f"{loaded.county.name}（{loaded.county.code}）：新建 {loaded.created} 个单位，已有 {loaded.existing} 个未改动；"
          f"共 {towns} 个乡镇（街道）、{villages} 个村（社区）。")
    print("下一步：zhenwu createadmin --username 用户名 --org 单位代码，为县或乡镇创建管理员。")
    return 0


def cmd_partition_ledgers(args) -> int:
    from zhenwu.ledgers import partition

    try:
        result = partition.partition_ledgers()
    except partition.PartitionError as e:  # SQLite: nothing to do, said in one line
        print(str(e))
        return 0
    for table in result.converted:
        print(f"{table}：已转为按年分区表，{result.rows[table]} 行已迁入")
    print(f"新建分区 {len(result.added)} 个：{'、'.join(result.added)}" if result.added else "分区已是最新，未做改动")
    return 0


def _init_region(code: str) -> int:
    """A province or the whole country, in bulk (`core.divisions.load_region`)."""
    from django.db.models import Count

    from zhenwu.core import divisions
    from zhenwu.core.models import Level, OrgUnit

    try:
        prefix, _ = divisions.find_region(code)
    except divisions.DivisionError as e:
        raise CliError(str(e)) from None
    print(_migrate_quietly())
    loaded = divisions.load_region(code)
    units = OrgUnit.objects.filter(code__startswith=prefix)
    counts = {lvl: n for lvl, n in units.values_list("level").annotate(n=Count("id")).order_by()}
    towns = counts.get(Level.TOWN, 0) + counts.get(Level.STREET, 0)
    villages = counts.get(Level.VILLAGE, 0) + counts.get(Level.COMMUNITY, 0)
    print(f"{loaded.name}：新建 {loaded.created} 个单位，已有 {loaded.existing} 个未改动；共 {counts.get(Level.COUNTY, 0)} 个县级单位、"
          f"{towns} 个乡镇（街道）、{villages} 个村（社区）。")
    print("下一步：zhenwu createadmin --username 用户名 --org 单位代码，为县或乡镇创建管理员。")
    return 0


def cmd_extract(args) -> int:
    from zhenwu.textkit.cli import extract_main

    return extract_main(args.rest)


def cmd_check(args) -> int:
    from zhenwu.textkit.cli import check_main

    return check_main(args.rest)


def cmd_report(args) -> int:
    from django.core.exceptions import ValidationError

    from zhenwu.core.audit import acting_as
    from zhenwu.core.models import OrgUnit
    from zhenwu.core.periods import Period, PeriodError
    from zhenwu.reports import actions, services, writer

    _check_database()
    org = OrgUnit.objects.filter(code=args.org).first() or OrgUnit.objects.filter(name=args.org).first()
    if org is None:
        raise CliError(f"找不到单位“{args.org}”（请填写单位代码或全称）")
    try:
        period = Period.parse(args.period)
    except PeriodError as e:
        raise CliError(str(e)) from None
    out = args.out or f"{org.name}{period.code}工作报告.docx"
    if not out.lower().endswith((".docx", ".pdf")):
        raise CliError("输出文件应以 .docx 或 .pdf 结尾")
    try:
        with acting_as(None):
            report, created = actions.get_or_create_report(None, org, services.outline_for(args.kind, org), period)
            if not created:
                actions.generate(None, report, only_unedited=True)
        data = writer.pdf_bytes(report) if out.lower().endswith(".pdf") else writer.docx_bytes(report)
    except ValidationError as e:
        raise CliError("；".join(e.messages)) from None
    except writer.PdfUnavailable as e:
        raise CliError(str(e)) from None
    with open(out, "wb") as fh:
        fh.write(data)
    print(f"已生成：{report.title} → {out}")
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"端口应为数字：{text}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"端口应在 1–65535 之间：{text}")
    return port


def _threads(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"线程数应为数字：{text}") from None
    if not 1 <= n <= 64:
        raise argparse.ArgumentTypeError(f"线程数应在 1–64 之间：{text}")
    return n


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为数字：{text}") from None
    if not 1 <= n <= 3600:
        raise argparse.ArgumentTypeError(f"应在 1–3600 之间：{text}")
    return n


_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.+)", r"缺少必填参数 \1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数 \1"),
    (r"argument (\S+): invalid choice: '?(.+?)'? \(choose from (.+)\)", r"参数 \1 的取值“\2”无效，可选 \3"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"argument (\S+): (.+)", r"参数 \1：\2"),
]


def _chinese_argparse(message: str) -> str:
    import re

    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise CliError(f"参数有误：{_chinese_argparse(message)}（用 zhenwu -h 查看用法）")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zhenwu", description="镇务：乡镇（街道）年度工作系统")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    def server_options(p):
        p.add_argument("--port", type=_port, default=8000, help="端口（默认 8000）")
        p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        p.add_argument("--threads", type=_threads, default=8, help="每个进程的工作线程数（默认 8，1–64）")
        p.add_argument("--workers", type=_workers, default=0, help="进程数（默认为 CPU 核数，1–64）")
        p.add_argument("--timeout", type=_workers, default=120, help="单个请求的最长秒数（默认 120）")

    p = sub.add_parser("demo", help="初始化数据库、载入示例县并启动服务")
    server_options(p)
    p.add_argument("--no-serve", action="store_true", help="只载入数据，不启动服务")
    p.set_defaults(func=cmd_demo, django=True)

    p = sub.add_parser("serve", help="启动服务（生产用 WSGI 服务器）")
    server_options(p)
    p.set_defaults(func=cmd_serve, django=True)

    p = sub.add_parser("bench-data", help="生成测试用的县级数据（性能测试、压力测试用）")
    p.add_argument("--towns", type=int, default=20, help="乡镇数（默认 20）")
    p.add_argument("--villages", type=int, default=20, help="每个乡镇的村数（默认 20）")
    p.add_argument("--years", type=int, default=5, help="年数（默认 5，截至今年）")
    p.add_argument("--entries", type=int, default=100_000, help="台账记录总数（默认 100000）")
    p.add_argument("--append", action="store_true", help="数据库已有数据时仍追加生成")
    p.set_defaults(func=cmd_bench_data, django=True)

    p = sub.add_parser("rebuild-aggregates", help="由台账记录重算汇总表")
    p.set_defaults(func=cmd_rebuild_aggregates, django=True)

    p = sub.add_parser("partition-ledgers", help="PostgreSQL：台账记录和流转记录按年分区（省级部署；每年运行一次以添加新年度分区）")
    p.set_defaults(func=cmd_partition_ledgers, django=True)

    p = sub.add_parser("init", help="按国家统计局区划代码建立县（或乡镇）的单位树")
    p.add_argument("--division", required=True, help="县级（6 位）或乡级（9 位）统计用区划代码，如 420102；"
                   "省级 2 位代码（如 42）或 all（全国）批量建立")
    p.set_defaults(func=cmd_init, django=True)
    p = sub.add_parser("worker", help="单独运行后台任务（导入、生成报告等），供多进程部署使用")
    p.add_argument("--threads", type=_threads, default=2, help="线程数（默认 2）")
    p.set_defaults(func=cmd_worker, django=True)

    p = sub.add_parser("backup", help="备份数据库和上传文件到一个 .tar.gz 文件")
    p.add_argument("file", help="备份文件，如 zhenwu-20240501.tar.gz")
    p.set_defaults(func=cmd_backup, django=True)

    p = sub.add_parser("restore", help="从备份文件恢复数据库和上传文件（覆盖现有数据）")
    p.add_argument("file", help="由 zhenwu backup 生成的备份文件")
    p.add_argument("--yes", action="store_true", help="不再询问，直接覆盖")
    p.set_defaults(func=cmd_restore, django=True)

    p = sub.add_parser("migrate", help="创建或升级数据库结构")
    p.set_defaults(func=cmd_migrate, django=True)

    p = sub.add_parser("createadmin", help="创建管理员账号")
    p.add_argument("--username", required=True, help="用户名")
    p.add_argument("--password", help="密码（也可用环境变量 ZHENWU_ADMIN_PASSWORD）")
    p.add_argument("--org", help="单位代码或名称；不填则为系统管理员")
    p.set_defaults(func=cmd_createadmin, django=True)

    p = sub.add_parser("report", help="由记录生成工作总结（Word 公文格式）")
    p.add_argument("--org", required=True, help="单位代码或全称，如 清河镇")
    p.add_argument("--period", required=True, help="期间：2023（年度）、2023H1（半年）或 2023-01..05（1–N月进度）")
    p.add_argument("--kind", choices=["annual", "half", "progress", "party", "safety"], default="annual",
                   help="annual 年度 / half 半年 / progress 1–N月进度 / party 党建工作总结 / safety 安全生产；"
                        "提纲按单位类型（乡镇、街道、县直部门）选用")
    p.add_argument("--out", help="输出文件（.docx，或 .pdf 需 LibreOffice）")
    p.set_defaults(func=cmd_report, django=True)

    for name, func, text in (("extract", cmd_extract, "抽取报告中的数字事实"), ("check", cmd_check, "校对报告")):
        p = sub.add_parser(name, help=text, add_help=False)
        p.add_argument("rest", nargs=argparse.REMAINDER)
        p.set_defaults(func=func, django=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        parser = build_parser()
        if not argv:
            parser.print_help()
            return 0
        # extract/check parse their own options (text kit CLI); pass everything after the command on.
        if argv[0] in ("extract", "check"):
            args = argparse.Namespace(rest=argv[1:], func=cmd_extract if argv[0] == "extract" else cmd_check, django=False)
        else:
            args = parser.parse_args(argv)
        if getattr(args, "func", None) is None:
            parser.print_help()
            return 0
        if args.django:
            _setup_django()
        return args.func(args)
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已停止。", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI promises one line, never a traceback
        print(f"错误：{_describe(exc)}", file=sys.stderr)
        return 1


def _describe(exc: Exception) -> str:
    from django.db.utils import OperationalError

    if isinstance(exc, OperationalError):
        missing = re.search(r'database "([^"]+)" does not exist', str(exc))
        if missing:
            return (f"数据库“{missing.group(1)}”不存在：请先创建它（如 createdb {missing.group(1)}），"
                    "或检查 ZHENWU_DATABASE_URL")
        if "unable to open database file" in str(exc):
            return "无法打开 SQLite 数据库文件：请检查数据目录（ZHENWU_DATA_DIR）是否存在且可写"
        return f"无法访问数据库（{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}），请检查 ZHENWU_DATABASE_URL"
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}：{exc.filename or ''}".rstrip("：")
    return f"运行出错（{type(exc).__name__}：{exc}）".splitlines()[0]


if __name__ == "__main__":
    sys.exit(main())
