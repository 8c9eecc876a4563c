"""Helpers for the browser tests."""

import json
import re
from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# The success criteria of WCAG 2.0 and 2.1 at levels A and AA, which 信息无障碍 (GB/T 37668) asks of a portal, and
# WCAG 2.2's AA (2.5.8: a link or button outside a sentence is at least 24×24 px, or has room around it).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def search_and_choose(page, select_id, typed, option_text):
    """Type ``typed`` into the search-as-you-type field of the select ``select_id`` and pick ``option_text``."""
    page.locator(f"#{select_id}-ts-control").locator("..").click()
    page.keyboard.type(typed)
    page.locator(f"#{select_id}-ts-dropdown .option", has_text=option_text).first.click()


def readable(violations):
    """Return axe-core's violations as lines naming the rule, its help text, the element and what is wrong."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"{violation['id']} ({violation['help']}): {node['target']} — {summary}")
    return lines


# Runs in every page after its load event (page scripts such as Tom Select have run by then) and reports through
# the console, the one channel Playwright still delivers while a navigation is held back (see AccessibilityWatch).
AXE_RUNNER = """
if (window === window.top) {
  window.addEventListener("load", () => setTimeout(async () => {
    console.log("%(started)s" + location.href);
    let violations = null;
    if (document.contentType === "text/html") {
      try {
        const results = await window.axe.run(document, {
          runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"],
        });
        violations = results.violations.map((v) => ({
          id: v.id, help: v.help,
          nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
        }));
      } catch (error) {
        violations = [{id: "axe-error", help: String(error), nodes: [{target: "document", summary: ""}]}];
      }
    }
    console.log("%(marker)s" + JSON.stringify({url: location.href, violations}));
  }, 0));
}
"""
AXE_STARTED = "axe-core-started:"
AXE_MARKER = "axe-core-report:"


class AccessibilityWatch:
    """Check with axe-core every page of the portal that a browser test visits, collecting the violations in
    ``problems``.

    axe-core is added to every document as an init script (which the Content-Security-Policy does not govern, so
    the portal never serves it) and checks the page once it has loaded, while the test goes on. A navigation of
    the main frame is held back until the page it leaves has reported, so that a journey's clicks and form posts
    cannot outrun the check. A page left before it finished loading cannot be checked any more (the browser
    stops loading it), so ``finish()`` opens it again at the end of the test, after waiting for the last page.
    """

    TIMEOUT = 20  # seconds axe-core may take on a page

    def __init__(self, page, base_url):
        if not AXE_SCRIPT.exists():
            raise RuntimeError(f"{AXE_SCRIPT} is missing: run `make setup` (it runs npm ci in tests/).")
        self.page = page
        self.base_url = base_url
        self.html_pages = set()
        self.started = set()
        self.reports = {}
        self.left_early = []
        self.problems = []
        runner = AXE_RUNNER % {"tags": json.dumps(WCAG_TAGS), "started": AXE_STARTED, "marker": AXE_MARKER}
        page.add_init_script(script=AXE_SCRIPT.read_text() + "\n" + runner)
        page.on("console", self.on_console)
        page.on("response", self.on_response)
        # Static files are never navigations: leaving them out of the routing keeps their requests fast.
        page.route(re.compile(r"^(?!.*/static/)"), self.before_request)

    def on_console(self, message):
        if message.text.startswith(AXE_STARTED):
            self.started.add(message.text.removeprefix(AXE_STARTED))
        elif message.text.startswith(AXE_MARKER):
            report = json.loads(message.text.removeprefix(AXE_MARKER))
            if report["url"] not in self.reports:
                self.reports[report["url"]] = report["violations"]
                path = report["url"].removeprefix(self.base_url)
                self.problems.extend(f"{path}: {line}" for line in readable(report["violations"] or []))

    def on_response(self, response):
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            if "text/html" in (response.headers.get("content-type") or ""):
                self.html_pages.add(response.url)

    def before_request(self, route, request):
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.wait_for_report()
        route.continue_()

    def wait_for_report(self):
        """Wait until the page now shown has been checked (pages outside the portal and downloads are not)."""
        url = self.page.url
        if not url.startswith(self.base_url) or url.split("#")[0] not in self.html_pages or url in self.reports:
            return
        if url not in self.started:
            self.left_early.append(url)
            return
        waited = 0
        while url not in self.reports and waited < self.TIMEOUT * 1000:
            self.page.wait_for_timeout(20)
            waited += 20
        if url not in self.reports:
            self.reports[url] = None
            self.problems.append(f"{url.removeprefix(self.base_url)}: axe-core did not finish within {self.TIMEOUT} s")

    def finish(self):
        """Wait for the check of the last page, then open again and check the pages left before they had loaded
        (the last one too, when a download stopped its loading)."""
        if self.page.is_closed():
            return
        pending, opened = [self.page.url], set()
        while pending:
            url = pending.pop()
            if url in opened or url in self.reports or url.split("#")[0] not in self.html_pages:
                continue
            opened.add(url)
            if url not in self.started:
                self.page.goto(url)
                waited = 0
                while self.page.url not in self.started and waited < self.TIMEOUT * 1000:
                    self.page.wait_for_timeout(20)
                    waited += 20
            self.wait_for_report()
            pending.extend(self.left_early)
            self.left_early.clear()
