"""The Lanes dashboard in headless Chromium (run by scripts/test-browser.sh, which starts Valkey,
lanes-api and one lanes-worker and passes LANES_URL, LANES_ADMIN_KEY, LANES_READ_KEY, LANES_SHOTS).

Each check is a function named after the behaviour a user relies on; they run in order against
one browser and one set of tasks, and the first failure stops the run with a screenshot."""
import json
import os
import sys
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

URL = os.environ["LANES_URL"]
ADMIN = os.environ["LANES_ADMIN_KEY"]
READ = os.environ["LANES_READ_KEY"]
SHOTS = os.environ["LANES_SHOTS"]
XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def api(method, path, key=ADMIN, body=None):
    """Calls the REST API; returns (status, JSON)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{URL}/api/v1/queue{path}", data=data, method=method,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def create(queue, operation, data, **extra):
    status, reply = api("POST", "/tasks", body={"queue": queue, "operation": operation, "data": data, **extra})
    assert status == 201, (status, reply)
    return reply["task_id"]


def task(task_id):
    return api("GET", f"/tasks/{task_id}")[1]


def until(check, what, timeout=20.0):
    """Waits for check() to return something truthy; fails naming `what`."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = check()
            if last:
                return last
        except Exception as error:  # an element replaced mid-read: try again
            last = error
        time.sleep(0.15)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1000",
                 "--force-device-scale-factor=1", "--lang=en-US"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Dashboard:
    def __init__(self, driver):
        self.d = driver

    def css(self, selector):
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector):
        return until(lambda: (self.css(selector) or [None])[0], selector)

    def click(self, selector):
        """Clicks the element; found again when the live page re-rendered it between find and click
        (until() retries on the stale element)."""
        until(lambda: self.one(selector).click() or True, f"a click on {selector}")

    def text(self, selector):
        found = self.css(selector)
        return found[0].text if found else None

    def go(self, fragment):
        self.d.execute_script("location.hash = arguments[0]", fragment)

    def sign_in(self, key):
        self.d.get(f"{URL}/")
        field = self.one("#key")
        field.clear()
        field.send_keys(key)
        self.click("#signin-form button[type=submit]")

    def confirm(self, yes=True):
        until(lambda: self.d.execute_script("return document.getElementById('confirm').open"), "the confirmation dialog")
        self.click("#confirm-yes" if yes else "#confirm-no")
        until(lambda: not self.d.execute_script("return document.getElementById('confirm').open"), "the dialog to close")

    def shot(self, name):
        self.d.execute_script("document.getElementById('toast').hidden = true")
        self.d.save_screenshot(os.path.join(SHOTS, name))

    def stray_text(self):
        """Text nodes like "null" that a page put between its sections by mistake."""
        return self.d.execute_script("""
            const stray = [];
            for (const el of [document.getElementById('view'), ...document.querySelectorAll('#view > section, #pager')])
              for (const node of el.childNodes)
                if (node.nodeType === 3 && /\\b(null|undefined)\\b/.test(node.textContent)) stray.push(node.textContent);
            return stray;""")

    def no_alert(self):
        try:
            alert = self.d.switch_to.alert
            raise AssertionError(f"an alert ran: {alert.text}")
        except NoAlertPresentException:
            pass


def a_wrong_key_is_refused_and_nothing_is_shown(ui):
    ui.sign_in("not-a-valid-key")
    until(lambda: "not accepted" in (ui.text("#signin-error") or ""), "the refusal message")
    assert ui.one("#signin").is_displayed() and not ui.one("#view").is_displayed()
    assert ui.d.execute_script("return sessionStorage.length") == 0


def the_overview_shows_lanes_limits_and_the_live_worker(ui):
    ui.sign_in(ADMIN)
    until(lambda: ui.text("#live") == "● live", "the live indicator")
    assert ui.text("#role") == "admin"
    until(lambda: ui.css("#lanes tr[data-lane=llm]") and ui.css("#lanes tr[data-lane=operations]"), "both lanes")
    assert "1 cluster-wide" in ui.text("#lanes tr[data-lane=llm]")
    assert "8 per worker" in ui.text("#lanes tr[data-lane=operations]")
    until(lambda: ui.css("#workers tbody tr"), "the live worker")
    # The key is kept for this tab's session only, and never in the address.
    assert ui.d.execute_script("return sessionStorage.getItem('lanes.apiKey')") == ADMIN
    assert ui.d.execute_script("return localStorage.length") == 0
    assert ADMIN not in ui.d.current_url


def tasks_move_on_the_page_without_a_reload(ui):
    ui.d.execute_script("window.__sameDocument = true")
    for i in range(6):
        create("operations", "noop", {"i": i})
    create("operations", "fail", {"message": "disk full on /data", "retryable": False})
    ui.ctx["sleeper"] = create("llm", "sleep", {"seconds": 40}, metadata={"who": "browser test"})
    ui.ctx["waiting"] = [create("llm", "sleep", {"seconds": 1}, priority=p) for p in (50, 50, 90)]
    until(lambda: ui.text("[data-total=running] .n") == "1", "the running count to reach 1 live")
    until(lambda: ui.text("[data-total=queued] .n") == "3", "three queued llm tasks live")
    until(lambda: ui.text("[data-total=failed] .n") == "1", "the failed task live")
    until(lambda: ui.text("#lanes tr[data-lane=operations] [data-count=completed]") == "6", "six completed live")
    until(lambda: ui.text("#lanes tr[data-lane=llm] [data-oldest]") not in (None, "none queued"), "the oldest queued age")
    assert "/min" in ui.text("#lanes tr[data-lane=operations] .throughput")
    assert ui.d.execute_script("return window.__sameDocument === true"), "the page reloaded"


def running_tasks_show_progress_and_the_handlers_message(ui):
    ui.go("#/tasks?status=running")
    row = f"tr[data-task='{ui.ctx['sleeper']}']"
    until(lambda: "slept" in (ui.text(f"{row} .progress") or ""), "a progress message on the running task")
    assert ui.css(f"{row} progress")
    assert ui.text("#pager").startswith("1–1 of 1") and not ui.stray_text(), ui.stray_text()
    ui.shot("tasks-running.png")


def queued_tasks_are_listed_in_claim_order(ui):
    ui.go("#/tasks?status=queued&queue=llm")
    first, second, urgent = ui.ctx["waiting"]
    expected = [urgent, first, second]
    until(lambda: [r.get_attribute("data-task") for r in ui.css("#list tbody tr")] == expected, "priority 90 first, then FIFO")


def a_queued_task_is_cancelled_from_the_list(ui):
    victim = ui.ctx["waiting"][1]
    ui.click(f"tr[data-task='{victim}'] button[data-action=cancel]")
    ui.confirm()
    until(lambda: task(victim)["status"] == "cancelled", "the task to be cancelled")
    until(lambda: not ui.css(f"tr[data-task='{victim}']"), "the row to leave the queued list")


def the_running_task_is_cancelled_from_its_page(ui):
    sleeper = ui.ctx["sleeper"]
    ui.go(f"#/task/{sleeper}")
    until(lambda: ui.css("#task[data-status=running]"), "the task page")
    assert "browser test" in ui.text("#task-metadata pre")
    assert not ui.stray_text(), ui.stray_text()
    ui.shot("task-running.png")
    ui.click("#task button[data-action=cancel]")
    ui.confirm()
    until(lambda: ui.css("#task[data-status=cancelled]"), "the page to show cancelled without a reload", timeout=30)
    assert task(sleeper)["status"] == "cancelled"


def a_failed_task_shows_its_error(ui):
    ui.go("#/tasks?status=failed")
    until(lambda: "disk full on /data" in (ui.text("#list tbody") or ""), "the error in the failed list")
    assert ui.css("#list tbody button[data-action=retry]")


def task_data_with_markup_is_shown_as_text(ui):
    xss = create("operations", "echo", {"html": XSS}, metadata={"note": XSS}, group="<b>g</b>")
    until(lambda: task(xss)["status"] == "completed", "the echo task")
    ui.go(f"#/task/{xss}")
    until(lambda: ui.css("#task-result pre"), "the result")
    assert XSS.replace('"', '\\"') in ui.text("#task-data pre"), ui.text("#task-data pre")
    assert XSS.replace('"', '\\"') in ui.text("#task-result pre")
    assert "<b>g</b>" in ui.text("#task .fields")
    ui.go("#/tasks?status=completed&group=%3Cb%3Eg%3C%2Fb%3E")
    until(lambda: ui.css(f"tr[data-task='{xss}']"), "the task in the group filter")
    time.sleep(0.5)
    ui.no_alert()
    assert ui.d.execute_script("return window.__xss") is None, "a script from task data ran"
    assert len(ui.css("script")) == 1 and not ui.css("img[src=x]") and not ui.css("b")


def admin_actions_ask_first(ui):
    ui.ctx["busy"] = create("llm", "sleep", {"seconds": 30})
    ui.go("#/")
    until(lambda: ui.text("[data-total=running] .n") == "1", "a running task for the picture")
    ui.click("#admin-cancel-all")
    ui.confirm(yes=False)
    assert task(ui.ctx["waiting"][0])["status"] in ("queued", "running", "completed")
    ui.click("#admin-reconcile")
    ui.confirm()
    until(lambda: "Reconciled" in (ui.text("#toast") or ""), "the reconcile result")
    ui.d.execute_script("document.getElementById('toast').hidden = true")
    until(lambda: ui.text("[data-total=completed] .n") not in (None, "0"), "the totals")
    assert not ui.stray_text(), ui.stray_text()
    ui.shot("overview.png")
    api("DELETE", f"/tasks/{ui.ctx['busy']}")


def a_read_only_key_sees_no_actions(ui):
    ui.click("#signout")
    until(lambda: ui.css("#signin:not([hidden])"), "the sign-in form")
    assert ui.d.execute_script("return sessionStorage.length") == 0
    ui.sign_in(READ)
    until(lambda: ui.text("#role") == "read", "the read role")
    until(lambda: ui.css("#lanes tr[data-lane=llm]"), "the overview")
    assert not ui.css("#admin"), "admin panel shown to a read key"
    later = create("operations", "sleep", {"seconds": 1}, delay_seconds=3600)
    for page, ready in [("#/tasks?status=failed", "[data-tab=failed].active"), ("#/tasks?status=scheduled", "[data-tab=scheduled].active"),
                        (f"#/task/{later}", f"#task[data-task='{later}']")]:
        ui.go(page)
        until(lambda: ui.css(ready) and (ui.css("#list tbody tr") or ui.css("#task")), f"{page} to render")
        assert not ui.css("button[data-action]"), f"action buttons on {page} for a read key"
    api("DELETE", f"/tasks/{later}")


def the_strict_policy_blocked_nothing_the_page_needs(ui):
    problems = [entry["message"] for entry in ui.d.get_log("browser")
                if "Content Security Policy" in entry["message"] or entry["level"] == "SEVERE"
                and "favicon" not in entry["message"] and "401" not in entry["message"]]
    assert not problems, problems


CHECKS = [
    a_wrong_key_is_refused_and_nothing_is_shown,
    the_overview_shows_lanes_limits_and_the_live_worker,
    tasks_move_on_the_page_without_a_reload,
    running_tasks_show_progress_and_the_handlers_message,
    queued_tasks_are_listed_in_claim_order,
    a_queued_task_is_cancelled_from_the_list,
    the_running_task_is_cancelled_from_its_page,
    a_failed_task_shows_its_error,
    task_data_with_markup_is_shown_as_text,
    admin_actions_ask_first,
    a_read_only_key_sees_no_actions,
    the_strict_policy_blocked_nothing_the_page_needs,
]


def main():
    driver = browser()
    ui = Dashboard(driver)
    ui.ctx = {}
    passed = 0
    try:
        for check in CHECKS:
            check(ui)
            passed += 1
            print(f"test-browser: ok  {check.__name__.replace('_', ' ')}")
    except Exception:
        ui.shot("failure.png")
        print(f"test-browser: FAILED {CHECKS[passed].__name__.replace('_', ' ')}", file=sys.stderr)
        raise
    finally:
        driver.quit()
    print(f"test-browser: {passed} passed, 0 failed")


if __name__ == "__main__":
    main()
