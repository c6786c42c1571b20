"""Checks an HTML page of the server in headless Chromium, as a person and an auditor would.

Reusable for any page the server renders (GET /docs now, a yearly report page later):
`check_page(url, screenshot, required_ids)` loads the page with Selenium in Debian's
headless Chromium (no network but the loopback server, no driver download), saves a
full-page screenshot and checks that
  - the page is served as HTML and loads nothing from another origin (offline, no CDN);
  - it has no <script> element, no inline event handler, no javascript: URL (it works
    without JavaScript);
  - the browser console shows no error (SEVERE entry) while the page loads and is used;
  - every id of `required_ids` is an element id of the page, every in-page link
    (href="#…") leads to an element that exists;
  - the structure is semantic: a language, one <main>, one <h1>, no skipped heading
    level, every data table has header cells (<th>);
  - it is usable with a keyboard: the first Tab focuses a visible skip link to the main
    content, following it moves focus into the main content, and the next Tabs focus
    visible elements that show a focus indicator;
  - axe-core (shipped by PyPI axe-selenium-python) finds no violation of serious or
    critical impact; moderate and minor ones are printed as warnings.

It returns a PageReport; `report.failures` is empty when the page passes.
Environment: CHROMIUM_BINARY (default /usr/bin/chromium), CHROMEDRIVER (default
/usr/bin/chromedriver), AXE_TIMEOUT (seconds, default 900), AXE_SCRIPT (another axe.min.js than the one axe-selenium-python
ships, to compare engines).
"""
from __future__ import annotations

import os
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
WINDOW = (1280, 900)
# Tabs after the skip link whose focus is checked (visible, with a focus indicator).
TABS_CHECKED = 8
BLOCKING_IMPACTS = ("serious", "critical")
SEGMENT_HEIGHT = 16000  # pixels of page per screenshot file
AXE_TIMEOUT = int(os.environ.get("AXE_TIMEOUT", "900"))  # seconds


@dataclass
class PageReport:
    url: str
    screenshot: str = ""
    screenshots: list[str] = field(default_factory=list)  # the page from top to bottom
    page_height: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    ids_present: int = 0
    blocking_violations: list[dict] = field(default_factory=list)
    other_violations: list[dict] = field(default_factory=list)
    incomplete: list[dict] = field(default_factory=list)  # what axe could not decide
    axe_version: str = ""

    def fail(self, message: str) -> None:
        self.failures.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def make_driver(width: int = WINDOW[0], height: int = WINDOW[1]) -> webdriver.Chrome:
    """Debian's headless Chromium through Debian's chromedriver, cut off from any network
    but the loopback: every other host goes to a closed proxy port and resolves nowhere."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager never downloads anything.
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        f"--window-size={width},{height}", "--force-device-scale-factor=1",
        "--lang=fr-FR", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps", "--disable-features=Translate,MediaRouter",
        # Loopback bypasses the proxy; anything else is refused.
        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # axe-core takes minutes on a large page (GET /docs: ~46,000 elements, ~2.5 min on 2 busy cores).
    driver.command_executor.client_config.timeout = AXE_TIMEOUT + 60
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(AXE_TIMEOUT)
    return driver


def full_page_screenshot(driver: webdriver.Chrome, path: str, segment: int = SEGMENT_HEIGHT) -> list[str]:
    """The whole page, not only the window, as PNG: `path` if the page is at most `segment`
    pixels tall, else `path` for the top and STEM-02.png, STEM-03.png… for what follows
    (Chromium leaves a single capture blank past ~130,000 px). Returns the files written."""
    import base64
    import glob

    width = driver.execute_script("return window.innerWidth;")
    height = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);")
    stem, extension = os.path.splitext(os.path.abspath(path))
    os.makedirs(os.path.dirname(stem), exist_ok=True)
    for stale in glob.glob(stem + "-[0-9][0-9]" + extension):
        os.remove(stale)
    files = []
    try:
        for index, top in enumerate(range(0, height, segment)):
            # A window as tall as the segment, scrolled to it: what a person sees there.
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": min(segment, height - top), "deviceScaleFactor": 1, "mobile": False})
            driver.execute_script("window.scrollTo(0, arguments[0]);", top)
            data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"]
            file = path if index == 0 else f"{stem}-{index + 1:02d}{extension}"
            with open(file, "wb") as output:
                output.write(base64.b64decode(data))
            files.append(os.path.abspath(file))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_script("window.scrollTo(0, 0);")
    return files


def _severe(entries: list[dict]) -> list[str]:
    return [f"{e.get('source', '?')}: {e.get('message', '')}" for e in entries if e.get("level") == "SEVERE"]


def _check_http(report: PageReport, url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:
        content_type = response.headers.get("Content-Type", "")
        if response.status != 200:
            report.fail(f"GET {url}: status {response.status}")
        if not content_type.lower().startswith("text/html"):
            report.fail(f"GET {url}: Content-Type {content_type!r}, expected text/html")
        elif "charset=utf-8" not in content_type.lower().replace(" ", ""):
            report.warn(f"GET {url}: Content-Type {content_type!r} does not say charset=utf-8")


def _check_offline_and_scriptless(report: PageReport, driver: webdriver.Chrome) -> None:
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(report.url))
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(r => r.name);")
    for resource in resources:
        if not resource.startswith((origin + "/", "data:")):
            report.fail(f"loads a resource from another origin (the page must work offline): {resource}")
    found = driver.execute_script("""
        const scripts = document.querySelectorAll('script').length;
        const handlers = [];
        for (const el of document.querySelectorAll('*'))
            for (const a of el.attributes)
                if (a.name.startsWith('on')) handlers.push(el.tagName.toLowerCase() + '[' + a.name + ']');
        const jsUrls = [...document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]')].length;
        return [scripts, handlers.slice(0, 5), handlers.length, jsUrls];""")
    scripts, handlers, handler_count, js_urls = found
    if scripts:
        report.fail(f"{scripts} <script> element(s): the page must not need JavaScript")
    if handler_count:
        report.fail(f"{handler_count} inline event handler(s), e.g. {', '.join(handlers)}")
    if js_urls:
        report.fail(f"{js_urls} javascript: URL(s)")


def _check_ids_and_anchors(report: PageReport, driver: webdriver.Chrome, required_ids: list[str]) -> None:
    missing, hidden = driver.execute_script("""
        const missing = [], hidden = [];
        for (const id of arguments[0]) {
            const el = document.getElementById(id);
            if (!el) missing.push(id);
            else if (!el.checkVisibility()) hidden.push(id);
        }
        return [missing, hidden];""", list(required_ids))
    report.ids_present = len(required_ids) - len(missing)
    if missing:
        report.fail(f"{len(missing)} of {len(required_ids)} required ids absent from the page: {', '.join(missing[:20])}"
                    + (" …" if len(missing) > 20 else ""))
    if hidden:
        report.warn(f"{len(hidden)} required ids are on hidden elements (e.g. closed <details>): {', '.join(hidden[:10])}")
    broken, duplicates = driver.execute_script("""
        const broken = new Set();
        for (const a of document.querySelectorAll('a[href^="#"]')) {
            const id = decodeURIComponent(a.getAttribute('href').slice(1));
            if (id && !document.getElementById(id)) broken.add(a.getAttribute('href'));
        }
        const seen = new Map();
        for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) || 0) + 1);
        return [[...broken], [...seen].filter(([, n]) => n > 1).map(([id, n]) => id + ' ×' + n)];""")
    if broken:
        report.fail(f"{len(broken)} in-page link(s) lead nowhere: {', '.join(broken[:15])}")
    if duplicates:
        report.fail(f"{len(duplicates)} duplicated id(s): {', '.join(duplicates[:15])}")


def _check_structure(report: PageReport, driver: webdriver.Chrome) -> None:
    structure = driver.execute_script("""
        const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
            .filter(h => h.checkVisibility()).map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]);
        const skips = [];
        for (let i = 1; i < levels.length; i++)
            if (levels[i][0] > levels[i - 1][0] + 1)
                skips.push('h' + levels[i - 1][0] + ' "' + levels[i - 1][1] + '" → h' + levels[i][0] + ' "' + levels[i][1] + '"');
        const tables = [...document.querySelectorAll('table')];
        return {
            lang: document.documentElement.getAttribute('lang') || '',
            title: document.title.trim(),
            mains: document.querySelectorAll('main, [role="main"]').length,
            h1: document.querySelectorAll('h1').length,
            firstHeading: levels.length ? levels[0][0] : 0,
            skips: skips,
            tables: tables.length,
            tablesWithoutTh: tables.filter(t => !t.querySelector('th')).length,
            tablesWithoutCaption: tables.filter(t => !t.caption && !t.getAttribute('aria-label')
                && !t.getAttribute('aria-labelledby')).length,
            thWithoutScope: [...document.querySelectorAll('th')].filter(th => !th.getAttribute('scope') && !th.id).length,
            headings: levels.length,
        };""")
    if not structure["lang"]:
        report.fail("<html> has no lang attribute")
    if not structure["title"]:
        report.fail("the page has no <title>")
    if structure["mains"] != 1:
        report.fail(f"{structure['mains']} main landmarks (<main>), expected exactly one")
    if structure["h1"] != 1:
        report.fail(f"{structure['h1']} <h1>, expected exactly one")
    if structure["firstHeading"] not in (0, 1):
        report.fail(f"the first heading is an h{structure['firstHeading']}, not the h1")
    if structure["skips"]:
        report.fail(f"{len(structure['skips'])} skipped heading level(s), e.g. " + "; ".join(structure["skips"][:5]))
    if structure["tablesWithoutTh"]:
        report.fail(f"{structure['tablesWithoutTh']} of {structure['tables']} tables have no header cell (<th>)")
    if structure["tablesWithoutCaption"]:
        report.warn(f"{structure['tablesWithoutCaption']} of {structure['tables']} tables have no <caption> (nor aria-label)")
    if structure["thWithoutScope"]:
        report.warn(f"{structure['thWithoutScope']} <th> without scope (nor id for headers=)")


_FOCUS_STATE = """
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    const main = document.querySelector('main, [role="main"]');
    return {
        tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href'),
        text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 50),
        visible: el.checkVisibility({opacityProperty: true, visibilityProperty: true})
            && r.width >= 1 && r.height >= 1,
        inViewport: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
        indicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
        inMain: !!main && main.contains(el),
        mainId: main ? main.id : null,
    };"""


def _tab(driver: webdriver.Chrome) -> dict | None:
    ActionChains(driver).send_keys(Keys.TAB).perform()
    return driver.execute_script(_FOCUS_STATE)


def _describe(state: dict) -> str:
    return f"<{state['tag']}{' id=' + state['id'] if state['id'] else ''}" \
           f"{' href=' + state['href'] if state['href'] else ''}> {state['text']!r}"


def _check_keyboard(report: PageReport, driver: webdriver.Chrome) -> None:
    first = _tab(driver)
    if first is None:
        report.fail("keyboard: the first Tab focuses nothing")
        return
    target = (first["href"] or "")[1:] if (first["href"] or "").startswith("#") else None
    targets_main = target is not None and driver.execute_script("""
        const t = document.getElementById(arguments[0]), m = document.querySelector('main, [role="main"]');
        return !!t && !!m && (t === m || m.contains(t) || t.contains(m));""", target)
    if first["tag"] != "a" or not targets_main:
        report.fail(f"keyboard: the first Tab focuses {_describe(first)}, not a skip link to the main content")
    elif not (first["visible"] and first["inViewport"]):
        report.fail(f"keyboard: the skip link {_describe(first)} stays invisible when focused")
    else:
        # Following the skip link moves the sequential focus starting point into the main content.
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        after = _tab(driver)
        if after is None or not after["inMain"]:
            report.fail("keyboard: after following the skip link, Tab focuses "
                        + (_describe(after) if after else "nothing") + ", outside the main content")
    # From a fresh load again (blur() keeps the sequential focus starting point where it was).
    driver.get(report.url)
    _tab(driver)
    seen = []
    for _ in range(TABS_CHECKED):
        state = _tab(driver)
        if state is None:
            break
        seen.append(state)
        if not state["visible"]:
            report.fail(f"keyboard: Tab focuses an invisible element {_describe(state)}")
        elif not state["inViewport"]:
            report.fail(f"keyboard: Tab focuses {_describe(state)} but it is not scrolled into view")
        if not state["indicator"]:
            report.fail(f"keyboard: {_describe(state)} has no visible focus indicator (outline or box-shadow)")
    if not seen:
        report.fail("keyboard: Tab past the skip link focuses nothing")


def _run_axe(report: PageReport, driver: webdriver.Chrome) -> None:
    axe = Axe(driver, os.environ["AXE_SCRIPT"]) if os.environ.get("AXE_SCRIPT") else Axe(driver)
    axe.inject()
    # Axe.run() waits forever (up to the script timeout) when axe.run rejects; this reports why.
    results = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document).then(done, error => done({error: String(error && error.stack || error)}));""")
    if "error" in results:
        report.fail(f"axe-core failed: {results['error']}")
        return
    report.axe_version = (results.get("testEngine") or {}).get("version") or driver.execute_script("return axe.version")
    for violation in results.get("violations", []):
        (report.blocking_violations if violation.get("impact") in BLOCKING_IMPACTS
         else report.other_violations).append(violation)
    report.incomplete = results.get("incomplete", [])


def format_violation(violation: dict, nodes: int = 3) -> str:
    targets = ["/".join(n.get("target", [])) for n in violation.get("nodes", [])]
    lines = [(f"[{violation.get('impact')}] {violation.get('id')}: {violation.get('help')} "
              f"({len(targets)} element(s)) {violation.get('helpUrl', '')}")]
    for node in violation.get("nodes", [])[:nodes]:
        summary = node.get("failureSummary") or "; ".join(
            check.get("message", "") for kind in ("any", "all", "none") for check in node.get(kind, []))
        summary = " ".join(summary.split())
        lines.append(f"    {'/'.join(node.get('target', []))}: {summary[:300]}")
    return "\n".join(lines)


def check_page(url: str, screenshot: str, required_ids: list[str] = ()) -> PageReport:
    """Loads `url` in headless Chromium, saves the whole page as PNG at `screenshot` (and,
    for a page taller than SEGMENT_HEIGHT, its following parts beside it: see
    full_page_screenshot), and checks the page (see the module's docstring). Never raises
    on a failed check: read `report.failures`."""
    report = PageReport(url=url, screenshot=os.path.abspath(screenshot))
    _check_http(report, url)
    driver = make_driver()
    try:
        driver.get(url)
        driver.execute_script("return document.fonts ? document.fonts.ready.then(() => true) : true;")
        report.screenshots = full_page_screenshot(driver, report.screenshot)
        report.page_height = driver.execute_script("return document.documentElement.scrollHeight;")
        _check_offline_and_scriptless(report, driver)
        _check_ids_and_anchors(report, driver, list(required_ids))
        _check_structure(report, driver)
        errors = _severe(driver.get_log("browser"))
        _check_keyboard(report, driver)  # reloads the page: the same errors are not counted twice
        errors += [e for e in _severe(driver.get_log("browser")) if e not in errors]
        # Console errors while the page loaded and was used (axe's own messages excluded).
        report.console_errors = errors
        for error in report.console_errors:
            report.fail(f"console error: {error}")
        driver.get(url)  # axe audits the page as loaded, without focus or fragment.
        driver.get_log("browser")
        _run_axe(report, driver)
        for violation in report.blocking_violations:
            report.fail("axe: " + format_violation(violation))
        for violation in report.other_violations:
            report.warn("axe: " + format_violation(violation, nodes=2))
        for result in report.incomplete:
            report.warn("axe could not decide, check by hand: " + format_violation(result, nodes=3))
    finally:
        driver.quit()
    return report
