"""The heavy steps of a chat turn as plain, picklable functions run by `bot.offload`.

Each takes and returns plain data (no database, no Telegram); the child process that runs one
has imported this module in advance (the fork server preloads it), so its imports are warm.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dossier import check, findings_xlsx
from bot.dossier import draft as dr
from bot.dossier.engine_hook import eligibility_hook
from bot.dossier.findings import Finding
from bot.dossier.history import History
from bot.dossier.manifest import Manifest
from bot.dossier.readers import Limits, UploadRead, read_upload
from bot.dossier.report import ReportTitle
from bot.render import Renderer
from bot.reports.figures import Figures
from bot.reports.present import ReportPackage, build_package
from bot.transfer.table import Row, TableError, read_table
from knowledge.dossier_schema import DossierKB
from knowledge.loader import KnowledgeBase


def read_upload_job(name: str, content: bytes, limits: Limits, kb: DossierKB) -> UploadRead:
    return read_upload(name, content, limits, kb=kb)


def build_job(data: dict[str, Any], answers: dict[str, Any], received: dt.date,
              kb: DossierKB) -> dr.Built:
    return dr.build(kb, data, answers, received)


def check_job(manifest: Manifest, extra: list[Finding], received: dt.date, kb: KnowledgeBase,
              province: str | None, history: History | None, title: ReportTitle | None = None
              ) -> tuple[list[dict[str, Any]], int, bytes]:
    """The findings as JSON, the number of nominees checked, and the findings workbook."""
    hook = eligibility_hook(kb, province)
    result = check(manifest, kb.dossier, received, hook, history)
    if extra:
        result = result.with_findings(extra)
    names = {n.id: n.name for n in manifest.nominees}
    return result.to_json()["findings"], result.nominees, findings_xlsx(result, names, title,
                                                                 kb=kb.dossier)


def read_table_job(filename: str, content: bytes
                   ) -> tuple[list[str], list[Row]] | str:
    """An import file's header and rows, or the key of why it cannot be read."""
    try:
        return read_table(filename, content)
    except TableError as error:
        return error.key


def report_package_job(figures: Figures, kb: KnowledgeBase) -> ReportPackage:
    """/thongke: the summary, the PNG chart and the workbook of computed figures."""
    return build_package(figures, Renderer(), kb)


def warm() -> None:
    """Import once, in the fork server, the libraries that read and write files, so each child
    inherits them; the bot process itself never imports them at start (memory, issue 16 item 7;
    tests/unit/test_start_imports.py). The knowledge base comes with each job as an argument."""
    import importlib

    for module in ("openpyxl", "openpyxl.styles", "docx", "pypdf", "python_calamine"):
        try:
            importlib.import_module(module)
        except ImportError:  # an optional reader missing: its job imports (and fails) itself
            continue


def ping() -> bool:
    return True


def vm_size_mb() -> int:
    """This process's virtual memory size (diagnostics for the memory budget, bench/offload)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) // 1024
    return 0
