"""The review page in a real browser: `workbench review serve` (Voila) driven by Playwright
on Debian's chromium (no browser download). A co-researcher marks a theme, renames it,
adds a missing theme, flags a quote and picks a story with a reason; the store then holds
them; another initiative's link and a bad link see none of it in the rendered page; a
client that sends code over the kernel websocket gets nothing run; the page asks nothing
of any host but the review server itself (no CDN: a co-researcher's address stays ours).
Through nginx with the README's own reverse-proxy lines, the page works the same.

Screenshots go to reports/test-artifacts/ (desktop and tablet width)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.conftest import A, B, REPO
from workbench.review import flagged_spans, invite, msc_choices, open_view, verdicts

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

ARTIFACTS = Path(os.environ.get("WORKBENCH_TEST_ARTIFACTS", REPO / "reports" / "test-artifacts"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(demo_dir: Path):
    """`workbench review serve` on a free port, for a copy of the demo study; yields its base URL."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    log = open(demo_dir / "serve.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "review", "serve", "--port", str(port), "--study", str(demo_dir)],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=demo_dir,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "voila/static/voila.js", timeout=5)
            break
        except Exception:  # noqa: BLE001 - not up yet
            if proc.poll() is not None:
                raise RuntimeError((demo_dir / "serve.log").read_text())
            time.sleep(1)
    else:
        proc.kill()
        raise RuntimeError("review server did not start in 180 s: " + (demo_dir / "serve.log").read_text())
    yield base
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium not found: install Debian's chromium package (.ci/run does)")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, url: str, *, width: int = 1200, height: int = 900, selector: str = ".wb-review"):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url, timeout=180_000)
    page.wait_for_selector(selector, timeout=180_000)
    return page


def _wait(check, timeout: float = 90.0):  # a loaded CI machine answers slowly
    deadline = time.time() + timeout
    while True:
        value = check()
        if value or time.time() > deadline:
            return value
        time.sleep(0.3)


def test_browser_review_page_end_to_end(demo, server, browser):
    a = invite(demo.store, A, "Marja", role="vrijwilliger", created_by="lian", base_url=server)
    b = invite(demo.store, B, "Kees", role="bewoner", created_by="lian", base_url=server, lang="en")
    view = open_view(demo.store, a.token)
    first_theme = view.themes()[0]
    first_quote = view.quotes()[0][1]
    first_story = view.stories()[0]

    # while the page is prepared: our words in the page's language, never Voila's English
    served = urllib.request.urlopen(a.link, timeout=180).read().decode("utf-8")
    assert "Een moment: de pagina wordt klaargezet" in served and "#loading_text { visibility: hidden; }" in served
    page = _open(browser, a.link, selector=".wb-theme")
    assert page.title() == "Thema's bekijken"
    text = page.inner_text("body")
    assert A in text and "Marja" in text and "review_page" not in page.content()  # no code visible
    card = page.locator(".wb-theme").first
    card.get_by_role("button", name="deels").click()
    card.locator(".wb-own-name input").fill("Samen in het dorp")
    card.locator(".wb-own-name input").press("Enter")
    page.locator(".wb-missing-name input").first.fill("Afscheid nemen")
    page.locator(".wb-missing-name input").first.press("Enter")
    assert _wait(lambda: [v for v in verdicts(demo.store, A) if v.own_name == "Samen in het dorp" and v.verdict == "partly"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("h2").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "review-themes.png"), full_page=False)

    page.get_by_text("2. Citaten").click()
    page.locator(".wb-quote").first.get_by_role("button", name="herkenbaar, niet tonen").click()
    assert _wait(lambda: flagged_spans(demo.store) == [first_quote.span])

    story = page.locator(".wb-story").first
    page.get_by_text("3. Verhalen").click()  # once, as a person does: the flag never throws her back
    story.locator("input[type=checkbox]").check(timeout=10_000)
    story.locator("textarea").fill("Hier zie je dat iemand weer meedoet in het dorp.")
    story.locator("textarea").evaluate("e => e.blur()")
    assert _wait(lambda: [c for c in msc_choices(demo.store, A) if c.reason == "Hier zie je dat iemand weer meedoet in het dorp."])
    page.screenshot(path=str(ARTIFACTS / "review-msc.png"), full_page=False)

    (v,) = verdicts(demo.store, A)
    assert (v.theme_key, v.verdict, v.own_name, v.reviewer) == (first_theme.key, "partly", "Samen in het dorp", "Marja")
    assert [m.own_name for m in demo.store.theme_reviews(kind="missing")] == ["Afscheid nemen"]
    (c,) = msc_choices(demo.store, A)
    assert (c.doc_id, c.reviewer) == (first_story.doc_id, "Marja")
    page.close()

    # the same link again: where she left off, the flagged quote gone; at a tablet's width
    tablet = _open(browser, a.link, width=768, height=1024, selector=".wb-theme")
    assert tablet.locator(".wb-theme").first.locator(".wb-own-name input").input_value() == "Samen in het dorp"
    tablet.screenshot(path=str(ARTIFACTS / "review-tablet.png"), full_page=False)
    assert first_quote.text[:60] not in tablet.inner_text("body")
    tablet.close()

    # another initiative's link: none of Austerlitz Zorgt's material or verdicts in the rendered page
    other = _open(browser, b.link, selector=".wb-theme")
    assert other.title() == "Reviewing the themes"
    seen = other.inner_text("body")
    for tab in ("2. Quotes", "3. Stories", "4. Pathways"):  # Kees's page is in English
        other.get_by_text(tab).click()
        other.wait_for_timeout(500)
        seen += other.inner_text("body")
    assert B in seen and "Kees" in seen
    assert A not in seen and "Marja" not in seen and "Samen in het dorp" not in seen and "Afscheid nemen" not in seen
    # a sentence B's own documents also hold (the monitor survey repeats answers) is B's material too
    b_docs = " ".join(d.text for d in demo.store.documents(initiative=B))
    a_only = [q.text[:60] for _, q in view.quotes() if q.text[:60] not in b_docs]
    assert a_only and all(q not in seen for q in a_only)
    other.close()

    # a bad token, a tampered one, none: one sentence, nothing of any initiative
    for query in ("?code=" + "x" * 43, "?code=" + a.token[:-1] + "A", "", f"?initiative={A}"):
        bad = _open(browser, server + query, selector=".wb-refused")
        seen = bad.inner_text("body")
        assert "werkt niet" in seen and A not in seen and B not in seen and "Marja" not in seen
        bad.close()


# -- as a co-researcher sees it, on a tablet and on a phone ----------------------------------
#: the element that scrolls the page (Voila's lab layout scrolls a panel, not the window)
_SCROLLER = """() => { let p = document.querySelector('.wb-review');
  while (p && !(p.scrollHeight > p.clientHeight && /(auto|scroll)/.test(getComputedStyle(p).overflowY))) p = p.parentElement;
  return p ? p.scrollTop : window.scrollY; }"""
#: the tab the page shows as chosen, and every tab label: its text, whether its text is cut, where it ends
_TABS = """() => [...document.querySelectorAll('.wb-review .lm-TabBar-tab')].map(t => {
  const l = t.querySelector('.lm-TabBar-tabLabel'); const r = t.getBoundingClientRect();
  return {text: l.textContent, current: t.classList.contains('lm-mod-current'), cut: l.scrollWidth > l.clientWidth + 1 || l.scrollHeight > l.clientHeight + 1,
          left: r.left, right: r.right}; })"""


def _in_viewport(box: dict | None, height: int) -> bool:
    return box is not None and box["height"] > 0 and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("width,height", [(768, 1024), (390, 844)], ids=["tablet", "phone"])
def test_browser_flagging_a_quote_keeps_the_tab_and_the_place(demo, server, browser, width, height):
    """On a tablet and a phone: open the quotes tab, scroll down to the third quote, tap
    "herkenbaar, niet tonen", then read the screen. The quotes tab is still the chosen one,
    the page has not jumped (the card tapped is where it was), the thank-you is on screen
    where the quote was, and the quote's words are gone."""
    link = invite(demo.store, A, "Marja", role="vrijwilliger", created_by="lian", base_url=server).link
    quotes = [q for _, q in open_view(demo.store, invite(demo.store, A, "Lees", created_by="lian").token).quotes()]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=width < 500)
    page = context.new_page()
    page.goto(link, timeout=180_000)
    page.wait_for_selector(".wb-theme", timeout=180_000)
    page.locator(".wb-review .lm-TabBar-tab", has_text="2. Citaten").tap()
    card = page.locator(".wb-quote").nth(2)
    card.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    scrolled, top = page.evaluate(_SCROLLER), card.bounding_box()["y"]
    assert scrolled > 0  # she is mid-page, not at the top
    card.get_by_role("button", name="herkenbaar, niet tonen").tap()
    assert _wait(lambda: flagged_spans(demo.store) == [quotes[2].span])
    thanks = page.get_by_text("Dank u. Dat citaat wordt nergens meer getoond.")
    thanks.first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(3000)  # anything still on its way from the kernel has landed

    tabs = page.evaluate(_TABS)
    assert [t["text"] for t in tabs if t["current"]] == ["2. Citaten"], tabs
    assert abs(card.bounding_box()["y"] - top) < 40, (top, card.bounding_box(), scrolled, page.evaluate(_SCROLLER))
    boxes = [thanks.nth(i).bounding_box() for i in range(thanks.count())]
    assert any(_in_viewport(b, height) for b in boxes), boxes  # she reads it without scrolling
    assert quotes[2].text[:50] not in page.inner_text("body")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-flagged-{width}.png"), full_page=False)
    context.close()


def test_browser_review_page_on_a_phone_reads_true(demo, server, browser):
    """At 390 x 844, as a co-researcher reads it: pseudonym tags as the reports show them
    ([naam]); the verdict she chose filled, ticked and announced as pressed; the story
    checkbox big enough for a finger; the three tab labels whole; an interview in its turns;
    on the quotes tab, the theme under the name she gave it."""
    link = invite(demo.store, A, "Marja", role="vrijwilliger", created_by="lian", base_url=server).link
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(link, timeout=180_000)
    page.wait_for_selector(".wb-theme", timeout=180_000)

    tabs = page.evaluate(_TABS)
    assert [t["text"] for t in tabs] == ["1. Thema's", "2. Citaten", "3. Verhalen", "4. Verbanden"]
    assert not [t for t in tabs if t["cut"] or t["right"] > 390 or t["left"] < 0], tabs

    text = page.inner_text(".wb-review")
    assert "[naam]" in text and not re.search(r"\[[A-Z]+-\d+\]", text), re.findall(r"\[[A-Z]+-\d+\]", text)[:5]

    card = page.locator(".wb-theme").first
    chosen = card.get_by_role("button", name="deels")
    chosen.tap()
    assert _wait(lambda: [v for v in verdicts(demo.store, A) if v.verdict == "partly"])
    page.wait_for_function("b => b.getAttribute('aria-pressed') === 'true'", arg=chosen.element_handle(), timeout=10_000)
    other = card.get_by_role("button", name="herken ik niet")
    look = "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, getComputedStyle(b, '::before').content]; }"
    on, off = chosen.evaluate(look), other.evaluate(look)
    assert other.get_attribute("aria-pressed") == "false"
    rgb = [int(x) for x in re.findall(r"\d+", on[0])[:3]]
    assert max(rgb) - min(rgb) > 60, on  # a colour, not a grey
    assert on[0] != off[0] and "\u2713" in on[2] and "\u2713" not in off[2], (on, off)

    card.locator(".wb-own-name input").fill("Samen in het dorp")
    card.locator(".wb-own-name input").press("Enter")
    assert _wait(lambda: [v for v in verdicts(demo.store, A) if v.own_name == "Samen in het dorp"])
    page.locator(".wb-review .lm-TabBar-tab", has_text="2. Citaten").tap()
    page.locator(".wb-quote").first.wait_for()
    assert _wait(lambda: "bij thema: Samen in het dorp" in page.inner_text(".wb-review"))

    page.locator(".wb-review .lm-TabBar-tab", has_text="3. Verhalen").tap()
    interview = page.locator(".wb-story", has_text="Interview").first
    turns = interview.locator(".wb-turn")
    assert turns.count() >= 2
    speakers = [turns.nth(i).locator(".wb-spk").inner_text() for i in range(turns.count())]
    assert len(set(speakers)) == 2 and all(s.strip() for s in speakers), speakers
    assert turns.nth(0).bounding_box()["y"] < turns.nth(1).bounding_box()["y"]  # one under the other, not one run-on paragraph

    box = interview.locator(".wb-msc-choose label.widget-label-basic")
    box.scroll_into_view_if_needed()
    target = box.bounding_box()
    assert target["height"] >= 44 and target["width"] >= 44, target
    page.touchscreen.tap(target["x"] + target["width"] - 20, target["y"] + target["height"] / 2)  # the far end of the row
    assert interview.locator("input[type=checkbox]").is_checked()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-phone.png"), full_page=False)
    context.close()


def test_browser_kernel_refuses_code_sent_over_the_websocket(demo, server, tmp_path):
    """Voila passes widget messages to the kernel, never execute requests: code sent by a
    client does not run (a kernel_info request on the same socket is answered, so the
    channel itself works)."""
    import websocket  # websocket-client

    token = invite(demo.store, A, "Marja", created_by="lian", base_url=server).token
    html = urllib.request.urlopen(f"{server}?code={token}", timeout=180).read().decode("utf-8")
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html).group(1)
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.split(':')[2].strip('/')}/api/kernels/{kernel_id}/channels", origin=server.rstrip("/"), timeout=10
    )
    marker = tmp_path / "pwned"

    def msg(msg_type: str, content: dict) -> str:
        mid = uuid.uuid4().hex
        return json.dumps({
            "header": {"msg_id": mid, "msg_type": msg_type, "username": "x", "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": [],
        })

    ws.send(msg("execute_request", {"code": f"open({str(marker)!r}, 'w').write('x')", "silent": False, "store_history": False,
                                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
    ws.send(msg("kernel_info_request", {}))
    types = []
    deadline = time.time() + 30
    while time.time() < deadline and "kernel_info_reply" not in types:
        try:
            types.append(json.loads(ws.recv()).get("header", {}).get("msg_type"))
        except websocket.WebSocketTimeoutException:
            break
    time.sleep(2)
    ws.close()
    assert "kernel_info_reply" in types
    assert "execute_reply" not in types and "execute_input" not in types
    assert not marker.exists()


def _foreign(urls: list[str], server: str) -> list[str]:
    """The URLs that do not go to the review server itself (its own scheme, host and port)."""
    own = urllib.parse.urlsplit(server).netloc
    allowed = {("http", own), ("ws", own)}
    return [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:")) and
            (urllib.parse.urlsplit(u).scheme, urllib.parse.urlsplit(u).netloc) not in allowed]


def test_browser_review_page_asks_nothing_of_another_host(demo, server, browser):
    """Every request the page makes, while it loads and while a co-researcher clicks, goes to
    the review server: no CDN sees a co-researcher's address, and the page looks the same
    offline (Voila's lab template links FontAwesome from cdn.jsdelivr.net; ours does not)."""
    link = invite(demo.store, A, "Marja", role="vrijwilliger", created_by="lian", base_url=server).link
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    refused: list[str] = []  # what the page's Content-Security-Policy kept out (should be nothing)
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(link, timeout=180_000)
    page.wait_for_selector(".wb-theme", timeout=180_000)
    card = page.locator(".wb-theme").first
    card.get_by_role("button", name="herken ik", exact=True).click()
    card.locator(".wb-own-name input").fill("Samen")
    card.locator(".wb-own-name input").press("Enter")
    assert _wait(lambda: [v for v in verdicts(demo.store, A) if v.own_name == "Samen"])
    page.get_by_text("2. Citaten").click()
    story = page.locator(".wb-story").first
    page.get_by_text("3. Verhalen").click()
    story.locator("input[type=checkbox]").check(timeout=10_000)
    page.get_by_text("Lees het hele verhaal").first.click()  # a story's accordion opens
    page.get_by_text("1. Thema's").click()
    # FontAwesome (for any widget icon) comes from the review server too
    assert page.evaluate("document.fonts.load('900 16px \"Font Awesome 5 Free\"', '\\uf00c').then(f => f.length)") > 0
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.close()
    assert not refused, refused
    assert any(u.startswith(server) for u in requests) and any(u.startswith("ws://") for u in requests)
    foreign = _foreign(requests, server)
    assert not foreign, " ".join(sorted(set(foreign)))


def test_serve_html_names_no_other_host(demo, server):
    """The HTML the review server sends (a good link, an English one, a bad one, none) holds
    no http(s) URL of another host, nothing for a browser to fetch from a CDN; and its
    Content-Security-Policy lets the browser load from the server only. (XML namespace names
    in the spinner's inline SVG are names, never fetched: left out of the scan.)"""
    token = invite(demo.store, A, "Marja", created_by="lian", base_url=server).token
    for query in (f"?code={token}", f"?code={token}&lang=en", "?code=" + "x" * 43, ""):
        with urllib.request.urlopen(server + query, timeout=180) as response:
            html = response.read().decode("utf-8")
            policy = response.headers["Content-Security-Policy"]
        assert "voila_process" in html  # the page itself, not an error page
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy
        html = re.sub(r"<metadata>.*?</metadata>", "", re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", html), flags=re.S)
        foreign = _foreign(re.findall(r"(?:https?|wss?)://[^\s\"'<>()\\`]+", html), server)
        assert not foreign, f"{query!r}: " + " ".join(sorted(set(foreign)))


# -- behind nginx, with exactly the README's lines ------------------------------------------
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _readme_nginx_location() -> str:
    """The `location / { ... }` block of the README's nginx example (so README and test cannot drift)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```nginx\n(.*?)```", readme, flags=re.S)
    assert block, "README.md has no ```nginx block (section Review by co-researchers)"
    location = re.search(r"^( *location / \{\n.*?^ *\}\n)", block.group(1), flags=re.S | re.M)
    assert location, "the README's nginx block has no `location / { ... }`"
    assert "proxy_pass http://127.0.0.1:8866;" in location.group(1)
    return location.group(1)


@pytest.fixture
def proxy(server: str, tmp_path: Path):
    """nginx on a free 127.0.0.1 port, in a temporary folder, with the README's location block
    in front of `server`; yields the proxy's base URL. (HTTPS is left out: the certificate is
    the organisation's; what is tested is the proxying, websocket included.)"""
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("nginx not found: install Debian's nginx package (.ci/run does)")
        pytest.skip("no nginx on this machine (apt-get install nginx)")
    location = _readme_nginx_location().replace("http://127.0.0.1:8866", server.rstrip("/"))
    port = _free_port()
    root = tmp_path / "nginx"
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (root / sub).mkdir(parents=True)
    conf = root / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # as root, workers would drop to nobody: no access to tmp_path
        + f"daemon off;\nworker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/error.log info;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {root}/access.log;\n"
        + "".join(f"    {sub}_temp_path {root}/{sub};\n" for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"    server {{\n        listen 127.0.0.1:{port};\n        server_name localhost;\n{location}    }}\n"
        "}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([NGINX, "-p", str(root), "-c", str(conf), "-e", str(root / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(base + "voila/static/voila.js", timeout=5)
            break
        except Exception:  # noqa: BLE001 - not up yet
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError("nginx did not start: " + (root / "error.log").read_text())
            time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_browser_review_page_through_the_readme_nginx_proxy(demo, server, proxy, browser):
    """An invitation link opened through nginx configured with the README's lines: the page
    loads, a theme verdict clicked in the browser reaches the store (so the kernel's websocket
    passes the proxy), and every request goes to the proxy's own address, none to the review
    server behind it or to any other host."""
    link = invite(demo.store, A, "Marja", role="vrijwilliger", created_by="lian", base_url=proxy).link
    assert link.startswith(proxy)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("websocket", lambda ws: requests.append(ws.url))
    page.goto(link, timeout=180_000)
    page.wait_for_selector(".wb-theme", timeout=180_000)
    card = page.locator(".wb-theme").first
    card.get_by_role("button", name="herken ik niet").click()
    assert _wait(lambda: [v for v in verdicts(demo.store, A) if v.verdict == "not" and v.reviewer == "Marja"]), \
        "the verdict did not reach the store: the websocket does not pass the proxy"
    page.close()
    assert any(u.startswith("ws://" + proxy.split("//")[1]) for u in requests), requests
    foreign = _foreign(requests, proxy)
    assert not foreign, " ".join(sorted(set(foreign)))
