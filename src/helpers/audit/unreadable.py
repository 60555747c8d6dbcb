"""Figures that are stated but cannot be read: "(cid:N)" glyphs and numbers missing before the unit.

A reader must learn where the text is damaged, line by line, rather than find a figure silently
absent (issue 10: "reported as unreadable where it happens").
"""

from __future__ import annotations

from .context import AuditContext
from .findings import Evidence, Finding


def unreadable_figures(ctx: AuditContext) -> list[Finding]:
    """One warning per damaged line, naming the figure when its label can be read."""
    findings = []
    for item in ctx.extraction.unreadable:
        if item.reason == "cid":
            what = f"{item.label}的金额" if item.label else "此处的文字或数字"
            message = (
                f"第 {item.line} 行含 {item.placeholders} 处无法解码的字形“(cid:N)”"
                f"（PDF 字体缺少 Unicode 映射），{what}未能读取，请对照原件核实。"
            )
        elif item.reason == "table":
            message = (
                f"第 {item.line} 行的“{item.quote}”属于被打散成逐格一行的“{item.label}”，"
                f"版式无法确定它对应哪一行哪一列，该数字未能读取，请对照原表核实。"
            )
        else:
            message = f"第 {item.line} 行“{item.label}”与金额单位之间没有数字，该金额未能读取（原文缺数）。"
        findings.append(
            Finding(
                rule="completeness.unreadable",
                severity="warning",
                title="Every stated figure can be read (no undecodable glyphs, no number missing)",
                message=message,
                evidence=[Evidence(item.line, item.quote)],
            )
        )
    scanned = getattr(ctx.document, "scanned_pages", None)
    if scanned:  # a PDF whose pages carry only an image: nothing on them was read
        from ..pdf.source import page_ranges

        findings.append(
            Finding(
                rule="completeness.unreadable",
                severity="warning",
                title="Every stated figure can be read (no undecodable glyphs, no number missing)",
                message=(
                    f"第 {page_ranges(scanned)} 页没有文本层（扫描图像），其中的文字和数字均未读取，"
                    "请对照原件核实或先做文字识别（OCR）。"
                ),
            )
        )
    return findings
