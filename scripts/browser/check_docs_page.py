#!/usr/bin/env python3
"""Checks GET /docs of a running fne-api in headless Chromium (see page_check.py): a
full-page screenshot, no console error, no script, every operationId of the served
contract (/openapi.json) present as an element id, keyboard use through a skip link, and
no serious or critical axe-core violation.

Usage: check_docs_page.py [BASE_URL] [--screenshot PATH]   (BASE_URL defaults to $FNE_BASE_URL)
(the screenshot defaults to $FNE_DOCS_SCREENSHOT, else docs-page.png in the temp dir)
Exit status 0 when the page passes, 1 otherwise.
"""
import argparse
import json
import os
import sys
import tempfile
import urllib.request

from page_check import check_page  # beside this script

HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")


def operation_ids(contract: dict) -> list[str]:
    """The operationIds of the contract's operations (not those that links refer to)."""
    return [operation["operationId"]
            for path_item in contract.get("paths", {}).values()
            for method, operation in path_item.items()
            if method in HTTP_METHODS and "operationId" in operation]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", nargs="?", default=os.environ.get("FNE_BASE_URL"),
                        help="the server, e.g. http://127.0.0.1:8080 (default $FNE_BASE_URL)")
    parser.add_argument("--screenshot", default=os.environ.get("FNE_DOCS_SCREENSHOT")
                        or os.path.join(tempfile.gettempdir(), "docs-page.png"))
    arguments = parser.parse_args()
    base = arguments.base_url.rstrip("/")

    with urllib.request.urlopen(base + "/openapi.json", timeout=30) as response:
        ids = operation_ids(json.load(response))
    if not ids:
        print("the served contract has no operationId")
        return 1

    report = check_page(base + "/docs", arguments.screenshot, ids)
    more = report.screenshots[1:]
    print(f"screenshot: {report.screenshot}" + (f" (the top of a {report.page_height} px page; the rest in "
                                                 f"{more[0]} … {os.path.basename(more[-1])})" if more else ""))
    for warning in report.warnings:
        print(f"warning: {warning}")
    for failure in report.failures:
        print(f"FAIL: {failure}")
    print(f"docs page: {report.ids_present} of {len(ids)} operations present, "
          f"{len(report.console_errors)} console errors, axe {report.axe_version}: "
          f"{len(report.blocking_violations)} serious/critical violations "
          f"({len(report.other_violations)} moderate/minor)")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
