#!/usr/bin/env python3
"""Checks the yearly report page (GET /reports/{year}.html) of a running fne-api in headless
Chromium, against the JSON report (GET /reports/{year}) of the same data; then the page of
the difference between « version signée » and now (GET /roadmap/diff.html).

It first records a year of roadmap through the API (an action created, the roadmap frozen as
« version signée », then the action moved through its workflow and its budget changed,
an indicator measured at the start of the year and today, a grant request accepted for less,
conventioned and partly paid), so that every table and chart has figures. Then:
  - the page checks of page_check.py: screenshot, no console error, no script, no external
    resource, semantic structure, keyboard, axe-core with no serious or critical violation;
  - a PDF printed from the page by Chromium (Page.printToPDF), saved beside the screenshot;
  - every figure the page shows in its tables (data-value) equals the JSON report's, and
    every row of the JSON report is on the page;
  - each chart is an image with a name and a description that carries its figures;
  - printed in black and white: with print media emulated, every text is grey (no hue to
    lose) and contrasts at least 4.5:1 with white;
  - the difference page: the page checks, a PDF, the action's row showing its budget and
    status before → after, and the same changes in the JSON difference.

Usage: check_report_page.py [BASE_URL TOKEN] [--screenshot PATH]   (default $FNE_BASE_URL, $FNE_TOKEN)
Exit status 0 when the page passes, 1 otherwise.
"""
import argparse
import base64
import datetime
import json
import os
import sys
import tempfile
import urllib.request

from page_check import check_page, make_driver  # beside this script


def call(base, token, method, path, body=None):
    request = urllib.request.Request(
        base + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def record_a_year(base, token, today):
    """A year of the roadmap through the API; returns nothing, the report reads it back."""
    year = today.year
    partner = call(base, token, "POST", "/partners",
                   {"name": "Association des aidants du Gers", "kind": "association", "rna": "W321000123"})
    action = call(base, token, "POST", "/actions", {
        "axisId": 1, "leadPartnerId": partner["id"], "title": "Former les agents d'accueil des mairies",
        "startOn": f"{year}-01-01", "endOn": f"{year}-12-31", "budgetCents": 1500000})
    # The roadmap as signed, frozen; then the action's status and budget change after it.
    call(base, token, "POST", "/roadmap/versions", {"label": "Version signée du 24 janvier 2025"})
    for status in ("planned", "in_progress"):
        call(base, token, "PATCH", f"/actions/{action['id']}", {"status": status})
    call(base, token, "PATCH", f"/actions/{action['id']}", {"budgetCents": 1800000})
    call(base, token, "POST", "/actions", {
        "axisId": 2, "title": "Recenser les lieux de médiation", "startOn": f"{year - 1}-03-01",
        "endOn": f"{year}-01-31", "status": "planned"})
    indicator = call(base, token, "POST", f"/actions/{action['id']}/indicators",
                     {"name": "agents d'accueil formés", "unit": "personnes", "targetValue": 120})
    for value, day in ((10, f"{year - 1}-12-31"), (45, today.isoformat())):
        call(base, token, "POST", f"/actions/{action['id']}/indicators/{indicator['id']}/measurements",
             {"value": value, "measuredOn": day, "source": "Feuilles d'émargement"})
    grant = call(base, token, "POST", "/funding/grants", {
        "actionId": action["id"], "envelopeId": 1, "requestedCents": 1000000, "paymentConditions": "instalments",
        "beneficiaries": [{"partnerId": partner["id"], "requestedCents": 1000000}]})
    uri = f"/funding/grants/{grant['id']}"
    call(base, token, "PATCH", uri, {"status": "under_review"})
    call(base, token, "PATCH", uri, {"status": "accepted", "grantedCents": 800000})
    call(base, token, "PATCH", uri, {"status": "conventioned", "conventionDate": today.isoformat(),
                                     "decisionReference": "Arrêté 32-2026-041"})
    call(base, token, "POST", f"{uri}/payments", {"paidOn": today.isoformat(), "amountCents": 400000})
    return action


COLLECT = """
const rows = {};
for (const row of document.querySelectorAll('tr')) {
  const key = ['axis', 'envelope', 'funder', 'action', 'indicator', 'resource', 'totals']
    .map(name => row.dataset[name] !== undefined ? name + ':' + row.dataset[name] : null).find(Boolean);
  if (!key) continue;
  const table = row.closest('table').id || row.closest('section').getAttribute('aria-labelledby');
  const fields = {};
  for (const cell of row.querySelectorAll('[data-field]')) fields[cell.dataset.field] = {value: cell.dataset.value, text: cell.textContent.trim()};
  rows[table + '/' + key] = fields;
}
return rows;
"""

GREY_TEXT = """
const problems = [];
const luminance = ([r, g, b]) => [r, g, b].map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); })
  .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
for (const element of document.querySelectorAll('body *')) {
  const text = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
  const style = getComputedStyle(element);
  if (!text || style.display === 'none' || style.visibility === 'hidden') continue;
  const rgb = (element.closest('svg') ? style.fill : style.color).match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const contrast = 1.05 / (luminance(rgb) + 0.05);
  if (Math.max(...rgb) - Math.min(...rgb) > 16 || contrast < 4.5)
    problems.push(element.tagName + ' "' + text.slice(0, 40) + '": ' + rgb.join(',') + ' contrast ' + contrast.toFixed(2));
}
return problems;
"""


def expected_rows(report):
    """The figures of the JSON report, keyed as COLLECT keys the page's rows."""
    rows = {}
    for axis in report["axes"]:
        summary = axis["summary"]
        fields = {"total": summary["total"], "late": summary["late"],
                  "averageProgressBasisPoints": summary.get("averageProgressBasisPoints", "")}
        fields.update({f"byStatus.{status}": count for status, count in summary["byStatus"].items()})
        rows[f"table-avancement/axis:{axis['axisId']}"] = fields
        for action in axis["actions"]:
            rows[f"axe-{axis['number']}/action:{action['id']}"] = {
                "status": action["status"], "late": str(action["late"]).lower(),
                "progressBasisPoints": action["progressBasisPoints"], "budgetCents": action.get("budgetCents", "")}
        for indicator in axis["indicators"]:
            rows[f"axe-{axis['number']}/indicator:{indicator['indicatorId']}"] = {
                key: indicator[key] for key in ("startValue", "endValue", "targetValue", "achievementBasisPoints")}
    flows = ("amountCents", "requestedCents", "grantedCents", "paidCents")
    funding = report["funding"]
    for envelope in funding["envelopes"]:
        rows[f"table-enveloppes/envelope:{envelope['envelopeId']}"] = {key: envelope[key] for key in flows}
    rows["table-enveloppes/totals:funding"] = {key: funding["totals"][key] for key in flows}
    for funder in funding["funders"]:
        rows[f"table-financeurs/funder:{funder['funderId']}"] = {key: funder[key] for key in flows}
    for count in report["changes"]:
        rows[f"table-changements/resource:{count['resource']}"] = {
            key: count[key] for key in ("created", "updated", "deleted")}
    return {key: {field: str(value) for field, value in fields.items()} for key, fields in rows.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", nargs="?", default=os.environ.get("FNE_BASE_URL"),
                        help="the server (default $FNE_BASE_URL)")
    parser.add_argument("token", nargs="?", default=os.environ.get("FNE_TOKEN"),
                        help="an admin token (default $FNE_TOKEN)")
    parser.add_argument("--screenshot", default=os.path.join(tempfile.gettempdir(), "fne-api-report-page.png"))
    arguments = parser.parse_args()
    base = arguments.base_url.rstrip("/")
    today = datetime.date.today()
    action = record_a_year(base, arguments.token, today)
    failures = []

    with urllib.request.urlopen(f"{base}/reports/{today.year}", timeout=30) as response:
        report = json.load(response)
    url = f"{base}/reports/{today.year}.html"
    page = check_page(url, arguments.screenshot, ["contenu", "graphique-avancement", "graphique-financements",
                                                  "table-avancement", "table-enveloppes", "table-changements"])
    failures += page.failures
    for warning in page.warnings:
        print(f"warning: {warning}")

    driver = make_driver()
    try:
        driver.get(url)
        found = driver.execute_script(COLLECT)
        expected = expected_rows(report)
        for key, fields in expected.items():
            if key not in found:
                failures.append(f"the page has no row for {key} of the JSON report")
                continue
            for field, value in fields.items():
                shown = found[key].get(field)
                if shown is None or shown["value"] != value:
                    failures.append(f"{key} {field}: page {shown}, JSON {value!r}")
                elif value and not shown["text"]:
                    failures.append(f"{key} {field}: the cell is empty")
        for key in found.keys() - expected.keys():
            failures.append(f"the page shows a row the JSON report lacks: {key}")
        charts = driver.execute_script(
            "return [...document.querySelectorAll('svg')].map(s => ({role: s.getAttribute('role'),"
            " name: s.querySelector('title') && s.querySelector('title').textContent,"
            " description: s.querySelector('desc') && s.querySelector('desc').textContent}));")
        if len(charts) != 2:
            failures.append(f"{len(charts)} charts, expected 2 (progress per axis, funding per envelope)")
        for chart in charts:
            if chart["role"] != "img" or not chart["name"] or not chart["description"]:
                failures.append(f"a chart without role=img, a title or a description: {chart}")
        for envelope in report["funding"]["envelopes"]:
            if not any(envelope["label"] in (chart["description"] or "") for chart in charts):
                failures.append(f"no chart describes envelope {envelope['label']!r}")
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
        pdf_path = os.path.splitext(arguments.screenshot)[0] + ".pdf"
        with open(pdf_path, "wb") as output:
            output.write(pdf)
        if not pdf.startswith(b"%PDF") or len(pdf) < 5000:
            failures.append(f"the printed PDF is not a PDF or is nearly empty ({len(pdf)} bytes)")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        for problem in driver.execute_script(GREY_TEXT):
            failures.append(f"printed in black and white, a text loses contrast: {problem}")
        errors = [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
        failures += [f"console error: {entry.get('message')}" for entry in errors]
    finally:
        driver.quit()

    # The difference between « version signée » and now, as a person reads and prints it.
    diff_url = f"{base}/roadmap/diff.html?fromVersion=1"
    diff_screenshot = os.path.splitext(arguments.screenshot)[0] + "-diff.png"
    diff_page = check_page(diff_url, diff_screenshot, ["contenu", "table-differences"])
    failures += [f"diff page: {failure}" for failure in diff_page.failures]
    driver = make_driver()
    try:
        driver.get(diff_url)
        row = driver.execute_script(
            "const row = document.querySelector(`tr[data-path='/actions/${arguments[0]}']`);"
            " return row ? row.textContent : null;", action["id"])
        if row is None:
            failures.append(f"diff page: no row for action {action['id']}")
        else:
            for expected in ("modifié", "budgetCents : 15\u202f000,00 € → 18\u202f000,00 €", "status : Brouillon → En cours"):
                if expected not in row:
                    failures.append(f"diff page: the action's row lacks {expected!r}: {row!r}")
        diff_pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
        diff_pdf_path = os.path.splitext(diff_screenshot)[0] + ".pdf"
        with open(diff_pdf_path, "wb") as output:
            output.write(diff_pdf)
        if not diff_pdf.startswith(b"%PDF"):
            failures.append("diff page: the printed PDF is not a PDF")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        for problem in driver.execute_script(GREY_TEXT):
            failures.append(f"diff page printed in black and white, a text loses contrast: {problem}")
    finally:
        driver.quit()
    with urllib.request.urlopen(f"{base}/roadmap/diff?fromVersion=1", timeout=30) as response:
        diff = json.load(response)
    changed = [entry for kind in diff["resources"] if kind["resource"] == "actions" for entry in kind["changed"]]
    if not any(set(entry["changes"]) >= {"budgetCents", "status"} for entry in changed):
        failures.append(f"diff JSON: the action's budget and status changes are missing: {changed}")

    print(f"screenshot: {page.screenshot}; PDF: {pdf_path} ({len(pdf)} bytes)")
    print(f"difference since « version signée »: {diff_screenshot}; PDF: {diff_pdf_path}")
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"report page {today.year}: {len(expected)} rows of the JSON report compared, {len(charts)} charts, "
          f"axe {page.axe_version}: {len(page.blocking_violations)} serious/critical violations "
          f"({len(page.other_violations)} moderate/minor)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
