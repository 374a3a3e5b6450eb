#!/usr/bin/python3
"""Make the merge fixtures edited-openpyxl.xlsx and edited-libreoffice.xlsx.

Usage (from the repository root):
    xopsexport xlsx --role cloudops --date 2026-11-25 -o /tmp/base.xlsx
    python3 testdata/golden/xlsx/make-fixtures.py /tmp/base.xlsx testdata/golden/xlsx

Edits the CloudOps tracker as a learner would (statuses, a confidence, a
date, notes, an extra column, two rows swapped) with openpyxl, then has
LibreOffice Calc open and re-save that file. TestMergeFromOtherPrograms
checks that a merge keeps every edit from both files.
"""
import datetime, os, shutil, subprocess, sys, tempfile
import openpyxl

base, outdir = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(base)
ws = wb["Tracker"]
col = {c.value: c.column for c in ws[1]}
rows = {ws.cell(r, col["ID"]).value: r for r in range(2, ws.max_row + 1)}
ids = [ws.cell(r, col["ID"]).value for r in range(2, ws.max_row + 1)]

def put(qid, header, value, text=False):
    c = ws.cell(rows[qid], col[header])
    c.value = value
    if text:
        c.data_type = "s"  # as a learner typing '=... gets text

extra = ws.max_column + 1
ws.cell(1, extra).value = "Source page"
col["Source page"] = extra
put(ids[0], "Status", "Confident")
put(ids[0], "Confidence", 4)
put(ids[0], "Last reviewed", datetime.date(2026, 11, 14))
put(ids[0], "Notes", "=SUM(1,2) stays text", text=True)
put(ids[0], "Source page", "p. 12")
put(ids[5], "Status", "Needs review")
put(ids[5], "Notes", "two\nlines")
put(ids[5], "Source page", 7)
put(ids[9], "Status", "Learning")
# Swap the first two rows, as sorting the table would.
for c in range(1, extra + 1):
    a, b = ws.cell(2, c), ws.cell(3, c)
    if c == col["Next review"]:
        continue
    a.value, b.value = b.value, a.value
for t in ws.tables.values():
    t.ref = "A1:%s%d" % (openpyxl.utils.get_column_letter(extra), ws.max_row)
    t.autoFilter.ref = t.ref
    t._initialise_columns()
    for i, c in enumerate(t.tableColumns):
        c.name = str(ws.cell(1, i + 1).value)
out = os.path.join(outdir, "edited-openpyxl.xlsx")
wb.save(out)

tmp = tempfile.mkdtemp()
subprocess.run(["soffice", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", tmp, out],
               check=True, capture_output=True)
shutil.move(os.path.join(tmp, "edited-openpyxl.xlsx"), os.path.join(outdir, "edited-libreoffice.xlsx"))
shutil.rmtree(tmp)
