"""The classroom for real: a JupyterHub on 127.0.0.1 with ten students, nbgitpuller links, a course update, grading.

What docs/classroom.md says about a hub is checked here, end to end, with the real pieces:
JupyterHub (PyPI) and its proxy (configurable-http-proxy from npm, installed here into the
environment the first time), JupyterHub's dummy authenticator with one shared password, the
simple local-process spawner with one home folder per student under a temporary folder, and
nbgitpuller in the single-user servers. The course comes from a local clone of this repository
(its last commit, as branch ``main``), so uncommitted edits are not part of it.

1. Ten students log in, start their servers and follow the course's nbgitpuller link.
2. Each answers questions of lesson 01 and of exercise ex02-pandas (saved through the contents
   API, as JupyterLab saves), runs lesson 01 through a kernel and saves it with its outputs.
   One deletes lesson 02, one edits a line of lesson 01 the instructor will also change, one
   creates a file with the name of a file the instructor will add.
3. The instructor commits an update touching lesson 01, the exercise and the data.
4. Every student follows the link again; every answer is still there, the update arrived where
   it did not conflict, the deleted lesson is back, the conflict went as docs/classroom.md says.
5. The instructor runs ``aon collect`` over the homes and ``aon grade``: one gradebook row per
   student, matching that student's answers.

Everything listens on 127.0.0.1 on free ports, and every process is stopped by its PID at the end.
Skipped where the proxy cannot be installed (no npm, no root for apt), unless CI is set.
"""
from __future__ import annotations

import asyncio
import csv
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from conftest_site import skip_or_fail_under_ci

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COURSE = "alliance-or-necessity"          # the folder nbgitpuller clones into (the last part of the repo URL)
STUDENTS = [f"student{n:02d}" for n in range(1, 11)]
PROXY_VERSION = "4.6.3"                   # configurable-http-proxy on npm (Node.js 10 or newer)
LESSON = "notebooks/01_reading_blank_2016.ipynb"


def _lesson_cell_id(test) -> str:
    """The id of the first cell of lesson 01 for which ``test(cell)`` holds (ids move when the lesson is rebuilt)."""
    cells = json.loads((ROOT / LESSON).read_text(encoding="utf-8"))["cells"]
    return next(c["id"] for c in cells if test(c["cell_type"], "".join(c["source"])))


Q1_ANSWER = _lesson_cell_id(lambda kind, text: kind == "code" and text.startswith("n_rows ="))
Q1_CHECK = _lesson_cell_id(lambda kind, text: kind == "code" and text.strip() == 'check("q1")')
Q7_ANSWER = _lesson_cell_id(lambda kind, text: kind == "code" and text.startswith("q7_"))
Q7_CHECK = _lesson_cell_id(lambda kind, text: kind == "code" and text.strip() == 'check("q7")')
SUMMARY = _lesson_cell_id(lambda kind, text: kind == "code" and text.startswith("my_summary"))
WHAT_NEXT = _lesson_cell_id(lambda kind, text: kind == "markdown" and text.startswith("## What comes next"))
DELETED_LESSON = "notebooks/02_reading_baev_2019.ipynb"
EXERCISE = "ex02-pandas"
EXERCISE_NB = f"exercises/release/{EXERCISE}/{EXERCISE}.ipynb"
DATA_FILE = "data/codebook.md"
ADDED_FILE = "notes/announcement.md"
DELETER, CONFLICTER, CREATOR = "student03", "student05", "student07"
OLD_TIME, NEW_TIME = "**Estimated time:** 50 minutes", "**Estimated time:** 55 minutes"
CONFLICTING_LINE = "**Estimated time:** 50 minutes (it took me 70: I read the whole article first)"
NEW_NEXT = "Before the next lesson, note one question this reading left open for you."
NEW_SUBMIT = "Save the notebook (Ctrl+S) after the last cell has run."
DATA_NOTE = "Corrected by the instructor during term: this line arrives in every home."


def right(student: str) -> bool:
    """Even-numbered students answer q1 correctly; odd-numbered ones give a wrong number."""
    return int(student[-2:]) % 2 == 0


# --- set-up: the proxy, free ports, the course repository -----------------------------------------------------

def missing(reason: str) -> None:
    """Skip (or, under CI, fail) when a piece of the hub cannot be had here."""
    skip_or_fail_under_ci(reason, "the hub test")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def proxy_command() -> list[str]:
    """configurable-http-proxy, installed from npm into this environment the first time (Node.js from Debian if needed)."""
    installed = Path(sys.prefix) / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
    if installed.exists() and shutil.which("node"):
        return [str(installed)]
    if not shutil.which("npm"):
        if not (sys.platform == "linux" and shutil.which("apt-get") and os.geteuid() == 0):
            missing("no npm to install configurable-http-proxy, and no root to install Node.js from Debian")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "nodejs", "npm"], env=env)
    run(["npm", "install", "--prefix", str(installed.parents[2]), "--no-audit", "--no-fund", "--loglevel=error",
         f"configurable-http-proxy@{PROXY_VERSION}"])
    return [str(installed)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return run(["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.invalid",
                "-c", "commit.gpgsign=false", *args], cwd=repo).stdout


def course_repository(parent: Path) -> Path:
    """A clone of this repository's last commit, its branch called main: the instructor's course repository."""
    if not (ROOT / ".git").exists():
        missing("this folder is not a git repository, so there is no course repository to pull from")
    origin = parent / COURSE
    run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(origin)])
    git(origin, "checkout", "--quiet", "-B", "main", "HEAD")
    return origin


HUB_CONFIG = """\
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {public}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api}"
c.ConfigurableHTTPProxy.command = {proxy!r}
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{tmp}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_existing_users = True   # the students the instructor creates through the API
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{tmp}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.tornado_settings = {{"slow_spawn_timeout": 0}}   # the API answers at once; the test polls
c.JupyterHub.services = [{{"name": "instructor", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "instructor", "services": ["instructor"],
                             "scopes": ["admin:users", "admin:servers", "access:servers"]}}]
"""


class Hub:
    """A running JupyterHub: its URL, the instructor's API token, the shared password, the temporary folder."""

    def __init__(self, tmp: Path, origin: Path) -> None:
        import requests

        self.tmp, self.origin, self.homes = tmp, origin, tmp / "home"
        self.token, self.password = secrets.token_hex(16), secrets.token_hex(8)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {self.token}"
        self.homes.mkdir()
        config = tmp / "jupyterhub_config.py"
        config.write_text(HUB_CONFIG.format(
            public=self.port, hub=free_port(), api=free_port(), proxy=proxy_command(), tmp=tmp,
            password=self.password, singleuser=str(BIN / "jupyterhub-singleuser"),
            args=["--allow-root"] if os.geteuid() == 0 else [], token=self.token))
        env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(16))
        self.log = (tmp / "hub.log").open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=tmp, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.pids: set[int] = {self.process.pid}
        self.wait_until(lambda: self.get("/hub/api/").ok, 90, "the hub to answer")

    def log_tail(self, lines: int = 60) -> str:
        self.log.flush()
        return "\n".join((self.tmp / "hub.log").read_text(errors="replace").splitlines()[-lines:])

    def wait_until(self, ready, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the hub stopped while waiting for {what}:\n{self.log_tail()}")
            try:
                if ready():
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"waited {seconds} s for {what}:\n{self.log_tail()}")

    def get(self, path: str, **kwargs):
        return self.api.get(self.url + path, timeout=60, **kwargs)

    def request(self, method: str, path: str, expect: tuple[int, ...] = (200, 201), **kwargs):
        response = self.api.request(method, self.url + path, timeout=120, **kwargs)
        assert response.status_code in expect, f"{method} {path}: HTTP {response.status_code} {response.text[:500]}"
        return response

    def remember_processes(self) -> None:
        """Note the PIDs of everything the hub started (proxy, single-user servers, kernels), to stop them by PID."""
        import psutil

        try:
            self.pids |= {child.pid for child in psutil.Process(self.process.pid).children(recursive=True)}
        except psutil.NoSuchProcess:
            pass

    def stop(self) -> list[int]:
        """Stop the hub (which stops the servers and the proxy), then any process left, each by its PID."""
        import psutil

        self.remember_processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        left = []
        for pid in sorted(self.pids):
            try:
                process = psutil.Process(pid)
                if process.status() != psutil.STATUS_ZOMBIE:
                    left.append(pid)
                    process.kill()
            except psutil.NoSuchProcess:
                pass
        self.log.close()
        return left


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    pytest.importorskip("jupyterhub", reason="jupyterhub is not installed (it is in requirements-dev.txt)")
    pytest.importorskip("nbgitpuller", reason="nbgitpuller is not installed (it is in requirements.txt)")
    tmp = tmp_path_factory.mktemp("hub")
    origin = course_repository(tmp / "instructor")
    started = time.monotonic()
    running = Hub(tmp, origin)
    try:
        yield running
    finally:
        left = running.stop()
        print(f"hub test: {time.monotonic() - started:.0f} s from hub start to stop; processes left after the hub's "
              f"own shutdown and killed by PID: {left or 'none'}")


# --- a student's browser, without the browser: the requests JupyterLab and nbgitpuller's page make ---------------

class Student:
    """One student: logged in to the hub with a cookie, like a browser, and talking to their own server."""

    def __init__(self, hub: Hub, name: str) -> None:
        import requests

        self.hub, self.name = hub, name
        self.browser = requests.Session()
        self.base = f"{hub.url}/user/{name}"
        self.home = hub.homes / name

    def log_in(self) -> None:
        login = f"{self.hub.url}/hub/login"
        self.browser.get(login, timeout=60)
        response = self.browser.post(login, data={"username": self.name, "password": self.hub.password,
                                                  "_xsrf": self.browser.cookies.get("_xsrf", path="/hub/")}, timeout=60)
        assert response.ok and "/hub/login" not in response.url, f"{self.name} could not log in: HTTP {response.status_code}"

    def follow_link(self, link_query: dict[str, str]) -> list[dict]:
        """Open the nbgitpuller link, then read the event stream its page reads; return the events."""
        page = self.browser.get(f"{self.hub.url}/hub/user-redirect/git-pull?{urlencode(link_query)}", timeout=120)
        assert page.ok and urlparse(page.url).path == f"/user/{self.name}/git-pull", \
            f"{self.name}: the link led to {page.url} (HTTP {page.status_code})"
        stream_query = {key: link_query[key] for key in ("repo", "branch")}
        events = []
        with self.browser.get(f"{self.base}/git-pull/api?{urlencode(stream_query)}", stream=True, timeout=300) as stream:
            assert stream.ok, f"{self.name}: git-pull/api HTTP {stream.status_code}"
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    events.append(json.loads(line[5:]))
                    if events[-1].get("phase") in {"finished", "error"}:
                        break
        assert events and events[-1].get("phase") == "finished", \
            f"{self.name}: nbgitpuller did not finish: {events[-1:] or 'no events'}"
        return events

    def contents(self, path: str, method: str = "GET", **kwargs):
        return self.hub.request(method, f"/user/{self.name}/api/contents/{COURSE}/{path}", **kwargs)

    def notebook(self, path: str) -> dict:
        return self.contents(path).json()["content"]

    def save_notebook(self, path: str, nb: dict) -> None:
        """What JupyterLab's save does: PUT the whole notebook model."""
        self.contents(path, "PUT", json={"type": "notebook", "format": "json", "content": nb})

    def answer(self, nb: dict, cell_id: str, source: str) -> None:
        cell = next(c for c in nb["cells"] if c.get("id") == cell_id)
        cell["source"] = source


def answers_for(student: str) -> dict[str, dict[str, str]]:
    """The cells a student writes: {notebook: {cell id: source}}. Every answer is the student's own text."""
    n = int(student[-2:])
    return {
        LESSON: {
            Q1_ANSWER: "n_rows = len(ev)  # a whole number" if right(student) else f"n_rows = {20 + n}",
            Q7_ANSWER: f'q7_offer_or_alliance = """\n{student}: by the ATOP definition this is an offer of closer '
                              f'cooperation, not yet an alliance: the ATOP definition asks for a written promise of military help in war, '
                              f'and the proposals Blank quotes (blank-2016-13, blank-2016-19) offer joint exercises, arms sales and consultation without any '
                              f'such promise, so by that definition they are a step towards alignment rather than an alliance.\n"""',
            SUMMARY: f'my_summary = "{student} reads Blank as arguing for an alliance in the making, built on '
                              f'official statements and arms sales rather than on any treaty."',
        },
        EXERCISE_NB: {
            "ex02-pandas-03": "n_rows = len(ev)" if right(student) else f"n_rows = {n}  # {student} counted by hand",
            "ex02-pandas-09": 'top_alliance_theme = ev[ev["supports"] == "alliance"]["theme"].value_counts().idxmax()',
            "ex02-pandas-15": f'# {student}\nforecast_ids = sorted(ev.loc[ev["evidence_type"] == "forecast", "evidence_id"])',
        },
    }


# --- running a notebook's cells through the student's kernel (the Jupyter protocol over the server's websocket) ---

async def execute(ws, session: str, code: str) -> tuple[list[dict], dict]:
    """Send one execute_request; collect the outputs as nbformat outputs, and the reply."""
    import nbformat

    msg_id = uuid.uuid4().hex
    await ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session, "username": "student",
                   "version": "5.3", "date": datetime.now(timezone.utc).isoformat()},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    outputs, reply, idle = [], None, False
    while reply is None or not idle:
        raw = await asyncio.wait_for(ws.read_message(), timeout=120)
        assert raw is not None, "the kernel's websocket closed"
        if isinstance(raw, bytes):
            continue
        message = json.loads(raw)
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind in {"stream", "display_data", "execute_result", "error"}:
            outputs.append(nbformat.v4.output_from_msg(message))
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            idle = True
        elif kind == "execute_reply":
            reply = message["content"]
    return outputs, reply


async def run_notebook(hub: Hub, student: str, path: str, nb: dict, at_once: asyncio.Semaphore) -> dict:
    """Start a kernel for the notebook (as opening it in JupyterLab does), run every code cell in order, store the outputs."""
    async with at_once:  # a few kernels at a time: two cores, and the machine is shared
        return await _run_notebook(hub, student, path, nb)


async def _run_notebook(hub: Hub, student: str, path: str, nb: dict) -> dict:
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    session = (await asyncio.to_thread(hub.request, "POST", f"/user/{student}/api/sessions", json={
        "path": f"{COURSE}/{path}", "name": Path(path).name, "type": "notebook", "kernel": {"name": "python3"}})).json()
    kernel = session["kernel"]["id"]
    url = f"ws://127.0.0.1:{hub.port}/user/{student}/api/kernels/{kernel}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {hub.token}"},
                                             connect_timeout=180, request_timeout=180))
    try:
        count = 0
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            outputs, reply = await execute(ws, session["id"], cell["source"] if isinstance(cell["source"], str)
                                           else "".join(cell["source"]))
            count += 1
            cell["outputs"], cell["execution_count"] = outputs, reply.get("execution_count", count)
            assert reply["status"] == "ok", f"{student}: a cell of {path} failed: {reply.get('ename')}: {reply.get('evalue')}"
    finally:
        ws.close()
        await asyncio.to_thread(hub.request, "DELETE", f"/user/{student}/api/sessions/{session['id']}", (204,))
    return nb


def output_text(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append("".join(output["text"]) if isinstance(output["text"], list) else output["text"])
        for mime in ("text/plain", "text/markdown", "text/html"):
            value = output.get("data", {}).get(mime)
            if value:
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def cell_source(nb: dict, cell_id: str) -> str:
    cell = next(c for c in nb["cells"] if c.get("id") == cell_id)
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


# --- the instructor's course update ----------------------------------------------------------------------------

def edit_notebook_text(path: Path, old: str, new: str) -> None:
    """Replace text inside a notebook file as an editor would, leaving the rest of the file byte for byte."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def instructor_update(origin: Path) -> None:
    """A course update during term: a fix at the top and the end of lesson 01, in the exercise, in the data; a new file."""
    edit_notebook_text(origin / LESSON, OLD_TIME, NEW_TIME)
    lesson = json.loads((origin / LESSON).read_text(encoding="utf-8"))
    last_text = next(c for c in lesson["cells"] if c.get("id") == WHAT_NEXT)["source"][-1]
    edit_notebook_text(origin / LESSON, json.dumps(last_text, ensure_ascii=False),
                       json.dumps(last_text.rstrip("\n") + " " + NEW_NEXT, ensure_ascii=False))
    exercise = json.loads((origin / EXERCISE_NB).read_text(encoding="utf-8"))
    submit_text = next(c for c in exercise["cells"] if c.get("id") == "ex02-pandas-20")["source"][-1]
    edit_notebook_text(origin / EXERCISE_NB, json.dumps(submit_text, ensure_ascii=False),
                       json.dumps(submit_text.rstrip("\n") + " " + NEW_SUBMIT, ensure_ascii=False))
    with (origin / DATA_FILE).open("a", encoding="utf-8") as handle:
        handle.write(f"\n{DATA_NOTE}\n")
    (origin / ADDED_FILE).parent.mkdir(exist_ok=True)
    (origin / ADDED_FILE).write_text("Instructor's announcement: the essay is due in week 6.\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "--quiet", "-m", "Course update during term: lesson 01, exercise 2, codebook, an announcement")


# --- the test --------------------------------------------------------------------------------------------------

def test_a_class_of_ten_on_a_hub_keeps_its_work_across_a_course_update(hub: Hub, tmp_path):
    from aon.checks import NOT_YET, PASSED

    started = time.monotonic()
    link = {"repo": hub.origin.as_uri(), "branch": "main",
            "urlpath": f"lab/tree/{COURSE}/notebooks/00_start_here.ipynb"}
    students = [Student(hub, name) for name in STUDENTS]
    phases: dict[str, float] = {}

    def phase(name: str) -> None:
        phases[name] = time.monotonic() - started - sum(phases.values())
        print(f"hub test: {name} after {phases[name]:.0f} s", flush=True)

    # 1. Students and servers; everyone logs in and follows the link.
    hub.request("POST", "/hub/api/users", json={"usernames": STUDENTS}, expect=(201,))
    for student in students:
        hub.request("POST", f"/hub/api/users/{student.name}/server", expect=(201, 202))
    for student in students:
        hub.wait_until(lambda s=student: hub.get(f"/hub/api/users/{s.name}").json()["servers"].get("", {}).get("ready"),
                       180, f"the server of {student.name}")
    hub.remember_processes()
    for student in students:
        student.log_in()
        student.follow_link(link)
        assert (student.home / COURSE / LESSON).is_file(), f"the course is not in {student.home}"

    phase("servers started, course pulled")
    # 2. Answers, a lesson run through a kernel, and the three special cases.
    for student in students:
        for path, cells in answers_for(student.name).items():
            nb = student.notebook(path)
            for cell_id, source in cells.items():
                student.answer(nb, cell_id, source)
            if student.name == CONFLICTER and path == LESSON:
                student.answer(nb, "blank-2016-001", cell_source(nb, "blank-2016-001").replace(OLD_TIME, CONFLICTING_LINE))
            student.save_notebook(path, nb)

    async def run_all() -> list[dict]:
        notebooks = [await asyncio.to_thread(s.notebook, LESSON) for s in students]
        at_once = asyncio.Semaphore(4)
        return await asyncio.gather(*(run_notebook(hub, s.name, LESSON, nb, at_once) for s, nb in zip(students, notebooks)))

    phase("answers saved")
    ran = asyncio.run(run_all())
    phase("lesson 01 run in ten kernels")
    hub.remember_processes()
    for student, nb in zip(students, ran):
        check_q1 = output_text(next(c for c in nb["cells"] if c.get("id") == Q1_CHECK))
        marker = PASSED if right(student.name) else NOT_YET
        assert marker in check_q1, f"{student.name}: check('q1') in the hub's kernel said {check_q1!r}"
        assert PASSED in output_text(next(c for c in nb["cells"] if c.get("id") == Q7_CHECK))
        student.save_notebook(LESSON, nb)  # saved with its outputs, as after Run All and Ctrl+S

    by_name = {s.name: s for s in students}
    by_name[DELETER].contents(DELETED_LESSON, "DELETE", expect=(204,))
    assert not (by_name[DELETER].home / COURSE / DELETED_LESSON).exists()
    mine = f"{CREATOR}'s own notes, written before the instructor added a file of the same name.\n"
    by_name[CREATOR].contents(str(Path(ADDED_FILE).parent), "PUT", json={"type": "directory"})
    by_name[CREATOR].contents(ADDED_FILE, "PUT", json={"type": "file", "format": "text", "content": mine})
    before = {s.name: {path: (s.home / COURSE / path).read_text(encoding="utf-8") for path in (LESSON, EXERCISE_NB)}
              for s in students}

    # 3. The instructor's update; 4. everyone follows the link again.
    instructor_update(hub.origin)
    for student in students:
        student.follow_link(link)
    phase("update pulled")

    for student in students:
        course = student.home / COURSE
        lesson, exercise = student.notebook(LESSON), student.notebook(EXERCISE_NB)
        for path, nb in ((LESSON, lesson), (EXERCISE_NB, exercise)):
            for cell_id, source in answers_for(student.name)[path].items():
                assert cell_source(nb, cell_id) == source, \
                    f"{student.name}'s answer in {path} (cell {cell_id}) was not kept by the update: {cell_source(nb, cell_id)!r}"
        saved_q1 = output_text(next(c for c in lesson["cells"] if c.get("id") == Q1_CHECK))
        assert (PASSED if right(student.name) else NOT_YET) in saved_q1, f"{student.name}'s saved outputs were lost"
        # case 2 of docs/classroom.md: the instructor's changes elsewhere in the same files are merged in
        assert NEW_NEXT in cell_source(lesson, WHAT_NEXT), f"{student.name}: the end of lesson 01 was not updated"
        assert NEW_SUBMIT in cell_source(exercise, "ex02-pandas-20"), f"{student.name}: the exercise was not updated"
        # case 1: files the student never touched are the instructor's
        assert (course / DATA_FILE).read_bytes() == (hub.origin / DATA_FILE).read_bytes(), f"{student.name}: {DATA_FILE}"
        intro = cell_source(lesson, "blank-2016-001")
        if student.name == CONFLICTER:  # case 3: the same line changed on both sides: the student's version wins
            assert CONFLICTING_LINE in intro and NEW_TIME not in intro, f"the conflict went another way: {intro[:300]!r}"
        else:
            assert NEW_TIME in intro and OLD_TIME not in intro, f"{student.name}: the top of lesson 01 was not updated"
        json.loads((course / LESSON).read_text(encoding="utf-8"))  # still a notebook, no conflict markers
        assert "<<<<<<<" not in (course / LESSON).read_text(encoding="utf-8")

    # case 4: a deleted lesson comes back, fresh; case 5: the student's file is kept under a new name
    deleter = by_name[DELETER].home / COURSE
    assert (deleter / DELETED_LESSON).read_bytes() == (hub.origin / DELETED_LESSON).read_bytes(), "the deleted lesson did not come back"
    creator = by_name[CREATOR].home / COURSE
    assert (creator / ADDED_FILE).read_bytes() == (hub.origin / ADDED_FILE).read_bytes()
    renamed = sorted((creator / ADDED_FILE).parent.glob("announcement__*.md"))
    assert len(renamed) == 1 and re.fullmatch(r"announcement__\d{14}\.md", renamed[0].name), renamed
    assert renamed[0].read_text(encoding="utf-8") == mine
    assert all(before[s.name][LESSON] != (s.home / COURSE / LESSON).read_text(encoding="utf-8") for s in students), \
        "the update changed nothing in some student's lesson 01"

    phase("checked")
    # 5. Collect from the homes and grade.
    submissions, graded = tmp_path / "submissions", tmp_path / "graded"
    aon = [str(BIN / "aon")]
    collected = run(aon + ["collect", EXERCISE, str(hub.homes), str(submissions)], cwd=ROOT)
    assert sorted(p.stem for p in submissions.glob("*.ipynb")) == STUDENTS, collected.stdout
    run(aon + ["grade", EXERCISE, str(submissions), "-o", str(graded), "--no-progress"], cwd=ROOT)
    with (graded / "gradebook.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == STUDENTS
    full = {q: max(float(rows[s][q]) for s in STUDENTS) for q in ("q1", "q3", "q5")}
    assert all(points > 0 for points in full.values()), full
    for student in STUDENTS:
        row = rows[student]
        assert float(row["q1"]) == (full["q1"] if right(student) else 0), f"{student}'s q1 in the gradebook: {row}"
        assert float(row["q3"]) == full["q3"] and float(row["q5"]) == full["q5"], f"{student}'s gradebook row: {row}"
        assert float(row["q2"]) == float(row["q4"]) == float(row["q6"]) == 0, f"{student} left q2, q4, q6 unanswered: {row}"
        assert float(row["auto_total"]) == sum(float(row[q]) for q in ("q1", "q2", "q3", "q4", "q5", "q6"))
    phase("collected and graded")
    print(f"hub test: ten students from servers to gradebook in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in phases.items()))


# --- one student in a real browser: nbgitpuller's own page does the pull, then JupyterLab opens the course --------

LAB_SETTINGS = {  # no news or update checks from the internet; every cell in the page (as the browser tests do)
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


@pytest.mark.browser
def test_a_student_follows_the_link_in_a_real_browser(hub: Hub, browser):
    """Log in on the hub's page, click the course link: nbgitpuller's page clones the course and opens lesson 00."""
    name = "visitor"
    home = hub.homes / name
    for plugin, values in LAB_SETTINGS.items():
        package, plugin_name = plugin.rsplit("/", 1)
        target = home / ".jupyter" / "lab" / "user-settings" / package / f"{plugin_name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    hub.request("POST", f"/hub/api/users/{name}", expect=(201,))
    link = f"{hub.url}/hub/user-redirect/git-pull?" + urlencode({
        "repo": hub.origin.as_uri(), "branch": "main", "urlpath": f"lab/tree/{COURSE}/notebooks/00_start_here.ipynb"})
    context = browser.new_context()
    page = context.new_page()
    requests_seen: list[str] = []
    page.on("request", lambda request: requests_seen.append(request.url))
    try:
        page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", hub.password)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url(re.compile(r".*/(hub/spawn-pending|hub/home|user/visitor).*"), timeout=60_000)
        hub.wait_until(lambda: hub.get(f"/hub/api/users/{name}").json()["servers"].get("", {}).get("ready"),
                       180, f"the server of {name}")
        page.goto(link, wait_until="domcontentloaded")
        page.wait_for_url(re.compile(rf".*/user/{name}/lab/tree/{COURSE}/notebooks/00_start_here\.ipynb.*"), timeout=180_000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        assert page.locator(".jp-Notebook").first.inner_text(timeout=60_000).strip(), "lesson 00 opened empty"
    finally:
        context.close()
    assert (home / COURSE / LESSON).is_file(), "nbgitpuller's page did not clone the course"
    outside = [url for url in requests_seen if urlparse(url).scheme in {"http", "https", "ws", "wss"}
               and urlparse(url).hostname != "127.0.0.1"]
    assert not outside, f"the browser contacted other hosts: {outside[:5]}"
