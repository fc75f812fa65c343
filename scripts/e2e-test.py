#!/usr/bin/python3
"""End-to-end test of a running msgsuite, driven as its users drive it.

  scripts/e2e-test.py                     the suite scripts/suite.sh runs (ports of scripts/suite-instances)
  scripts/e2e-test.py --compose PROJECT   a compose project (docker-compose -p PROJECT up): its published
                                          ports where compose publishes them, the containers' addresses
                                          for the management ports and what is not published (so on an
                                          engine whose container network this machine routes: Linux)

Steps: every HTTP process answers /readyz 200; a packet published on the skill bus reaches a second
connection; a line said with nc on one talker is heard on the other (both ways: they are linked); a
browser-style form POST (urlencoded, Origin of another site) is in mailbin's inbox for a logged-in
viewer; the compute nodes are configured for a new election and run a job until its results and summary
are in saver-service; every management port serves Prometheus metrics of its application, which count
what the steps before did. Each check is printed with how long its step took; the exit code is 1 when
any failed (every step runs regardless, so one run shows everything that is wrong).

Credentials: ADMIN_TOKEN, VIEWER_USER, VIEWER_PASSWORD, SKILLBUS_CLIENTS_TOKEN from the environment,
else from .credentials (scripts/create-credentials.sh). Environment: E2E_HOST (127.0.0.1; with
--compose: BIND_ADDRESS of .env), E2E_TIMEOUT (seconds a step waits for the suite, 120).
Needs Debian's python3-websocket and netcat (nc).
"""
import base64
import http.cookiejar
import json
import os
import re
import select
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import websocket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = float(os.environ.get("E2E_TIMEOUT", "120"))
NONCE = f"{int(time.time())}{os.getpid()}"


@dataclass
class Instance:
    name: str
    service: str            # docker-compose.yml service
    module: str             # spring.application.name
    http: str | None        # base URL of the HTTP port
    management: str | None  # base URL of the management port
    talker: tuple | None    # (host, port) of a talker's TCP port


def table():
    """The rows of scripts/suite-instances: (instance, module, service, http, management, settings)."""
    rows = []
    with open(os.path.join(ROOT, "scripts", "suite-instances"), encoding="utf-8") as lines:
        for line in lines:
            if line.strip() and not line.lstrip().startswith("#"):
                instance, module, service, http, management, *settings = line.split()
                rows.append((instance, module, service, http, management, dict(s.split("=", 1) for s in settings)))
    return rows


def launcher_instances(host):
    instances = []
    for name, module, service, http, management, settings in table():
        talker = (host, int(settings["TALKER_PORT"])) if "TALKER_PORT" in settings else None
        instances.append(Instance(name, service, module, None if http == "-" else f"http://{host}:{http}",
                                  None if management == "-" else f"http://{host}:{management}", talker))
    return instances


def compose_instances(project, host):
    ids = subprocess.run(["docker", "ps", "-q", "--filter", f"label=com.docker.compose.project={project}"],
                         check=True, capture_output=True, text=True).stdout.split()
    if not ids:
        sys.exit(f"[e2e] no running containers in compose project {project}")
    containers = json.loads(subprocess.run(["docker", "inspect", *ids], check=True, capture_output=True, text=True).stdout)
    rows = table()
    module_of = {service: module for _, module, service, *_ in rows}
    # a container listens where the module's first instance in the table does (the app's own ports)
    ports_of = {}
    for _, module, _, http, management, settings in rows:
        ports_of.setdefault(module, (http, management, "8889" if "TALKER_PORT" in settings else None))
    services = [c["Config"]["Labels"].get("com.docker.compose.service") for c in containers]
    instances = []
    for container, service in sorted(zip(containers, services), key=lambda pair: (pair[1], pair[0]["Name"])):
        if service not in module_of:
            continue  # the brokers and the database
        module = module_of[service]
        http, management, talker = ports_of[module]
        address = next(n["IPAddress"] for n in container["NetworkSettings"]["Networks"].values() if n.get("IPAddress"))
        published = container["NetworkSettings"].get("Ports") or {}

        def reach(port):
            """Where this machine reaches a container port: its published port, else the container."""
            bindings = published.get(f"{port}/tcp") or []
            return (host, int(bindings[0]["HostPort"])) if bindings else (address, int(port))

        number = container["Config"]["Labels"].get("com.docker.compose.container-number", "1")
        name = service if services.count(service) == 1 else f"{service}-{number}"
        instances.append(Instance(
            name, service, module,
            None if http == "-" else "http://%s:%d" % reach(http),
            None if management == "-" else f"http://{address}:{management}",
            reach(talker) if talker else None))
    return instances


def read_credentials():
    values = {}
    path = os.path.join(ROOT, ".credentials")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if "=" in line and not line.startswith("#"):
                    key, value = line.strip().split("=", 1)
                    values[key] = value.strip("'\"")
    values.update({k: v for k, v in os.environ.items() if k in values or k.endswith(("_TOKEN", "_USER", "_PASSWORD"))})
    missing = [k for k in ("ADMIN_TOKEN", "VIEWER_USER", "VIEWER_PASSWORD", "SKILLBUS_CLIENTS_TOKEN") if not values.get(k)]
    if missing:
        sys.exit(f"[e2e] missing credentials {missing}: run scripts/create-credentials.sh, or set them in the environment")
    return values


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def ok(message):
    print(f"[e2e]     ok  {message}", flush=True)


def eventually(what, attempt, timeout=TIMEOUT, interval=0.5):
    """Calls attempt() until it returns something true, and returns that; fails after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            result = attempt()
            if result:
                return result
        except (OSError, urllib.error.URLError, ValueError, KeyError) as error:
            last = error
        if time.monotonic() > deadline:
            raise Failed(f"{what}: not within {timeout:.0f} s" + (f" (last error: {last})" if last else ""))
        time.sleep(interval)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(url, method="GET", body=None, headers=None, opener=None, content_type="application/json"):
    """(status, headers, body text) of one HTTP request; redirects are answers, not followed."""
    data = None
    if body is not None:
        data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": content_type, **(headers or {})}
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    opener = opener or urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(req, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def get_json(url, headers, expected=200):
    status, _, text = request(url, headers=headers)
    check(status == expected, f"GET {url} -> {status}: {text[:300]}")
    return json.loads(text)


def post_json(url, body, headers, expected=(200, 201, 202)):
    status, _, text = request(url, "POST", body, headers)
    check(status in expected, f"POST {url} -> {status}: {text[:300]}")
    return json.loads(text) if text else {}


class Suite:
    def __init__(self, instances, credentials):
        self.instances = instances
        self.credentials = credentials
        self.admin = {"Authorization": f"Bearer {credentials['ADMIN_TOKEN']}"}

    def of(self, service):
        found = [i for i in self.instances if i.service == service]
        check(found, f"no {service} in the suite")
        return found[0]

    def modules(self, module):
        return [i for i in self.instances if i.module == module]

    # ------------------------------------------------------------------------------------------
    def readiness(self):
        for instance in self.instances:
            if not instance.http:
                continue
            started = time.monotonic()
            status, _, text = request(f"{instance.http}/readyz")
            check(status == 200, f"{instance.name} {instance.http}/readyz -> {status}: {text[:300]}")
            check(json.loads(text).get("status") == "UP", f"{instance.name} /readyz says {text[:300]}")
            ok(f"{instance.name:17} {instance.http}/readyz 200 UP ({(time.monotonic() - started) * 1000:.0f} ms)")

    def tuple_space(self):
        space = self.of("tuple-space-service")
        token = self.credentials.get("TUPLESPACE_CLIENTS_TOKEN")
        check(token, "no TUPLESPACE_CLIENTS_TOKEN in .credentials: run scripts/create-credentials.sh --force")
        clients = {"Authorization": f"Bearer {token}"}
        name = f"e2e-{int(time.time() * 1000)}"
        base = f"{space.http}/api/spaces/{name}"
        started = time.monotonic()
        written = post_json(f"{base}/tuples", {"tuple": [name, 1]}, clients, expected=(201,))
        read = post_json(f"{base}/read", {"template": [name, None]}, clients, expected=(200,))
        check(read.get("tuple") == [name, 1], f"read {read}")
        taken = post_json(f"{base}/take", {"template": [name, {"type": "number"}]}, clients, expected=(200,))
        check(taken.get("tuple") == [name, 1], f"take {taken}")
        status, _, text = request(f"{base}/take", "POST", {"template": [name, None]}, clients)
        check(status == 204, f"a second take of the one tuple -> {status}: {text[:200]}")
        viewer = {"Authorization": "Basic " + base64.b64encode(
            f"{self.credentials['VIEWER_USER']}:{self.credentials['VIEWER_PASSWORD']}".encode()).decode()}
        status, _, _ = request(f"{base}/tuples", "POST", {"tuple": [name, 2]}, viewer)
        check(status == 403, f"a viewer's write -> {status}, expected 403")
        ok(f"space {name}: write {written}, read, take, second take 204, viewer's write 403 "
           f"({(time.monotonic() - started) * 1000:.0f} ms)")

    def skill_bus(self):
        bus = self.of("bus-server")
        url = bus.http.replace("http://", "ws://") + "/ws"

        def connect(name):
            # a program, not a browser: no Origin; the clients' token may publish and subscribe '#'
            connection = websocket.create_connection(url, subprotocols=["skillbus.v2"], timeout=30, suppress_origin=True,
                                                     header=[f"Authorization: Bearer {self.credentials['SKILLBUS_CLIENTS_TOKEN']}"])
            connection.send(json.dumps({"op": "hello", "session": f"e2e-{name}-{NONCE}", "ref": 1}))
            reply = json.loads(connection.recv())
            check(reply.get("op") == "ok", f"hello refused: {reply}")
            return connection

        receiver, publisher = connect("receiver"), connect("publisher")
        try:
            skill = f"e2e.{NONCE}"
            for ref, frame in enumerate([{"op": "register", "skill": f"{skill}.#"}, {"op": "prefetch", "count": 0}], 2):
                receiver.send(json.dumps({**frame, "ref": ref}))
                reply = json.loads(receiver.recv())
                check(reply.get("op") == "ok", f"{frame} refused: {reply}")
            ok(f"receiver registered {skill}.# on {url}")
            sent = time.monotonic()
            packets = [{"skill": f"{skill}.ping", "payload": {"n": n, "text": "grüße"}} for n in range(3)]
            for packet in packets:
                publisher.send_binary(json.dumps(packet).encode("utf-8"))
            for packet in packets:
                frame = receiver.recv()
                check(isinstance(frame, bytes), f"expected a delivery, got {frame!r}")
                delivered = json.loads(frame[8:].decode("utf-8"))
                check(delivered == packet, f"delivered {delivered}, published {packet}")
            ok(f"3 packets published on one connection, received in order on the other "
               f"({(time.monotonic() - sent) * 1000:.0f} ms)")
        finally:
            receiver.close()
            publisher.close()

    def talkers(self):
        talkers = [i for i in self.modules("talker-service") if i.talker]
        check(len(talkers) >= 2, f"two talkers needed, found {[t.name for t in talkers]}")
        first, second = talkers[0], talkers[1]
        clients = {t.name: Netcat(*t.talker) for t in (first, second)}
        try:
            for name, client in clients.items():
                check(client.wait_for("Welcome,", 10), f"{name} did not welcome nc")
            for speaker, listener in ((second, first), (first, second)):
                started = time.monotonic()

                # the peer link comes up with back-off after both start: say new lines until one arrives
                def heard():
                    text = f"e2e {speaker.name} {time.time_ns()}"
                    clients[speaker.name].say(text)
                    return clients[listener.name].wait_for(text, 2)
                eventually(f"a line said on {speaker.name} heard on {listener.name}", heard, interval=0)
                ok(f"nc {speaker.talker[0]} {speaker.talker[1]} ({speaker.name}) said a line, "
                   f"nc on {listener.name} heard it ({(time.monotonic() - started) * 1000:.0f} ms)")
            for client in clients.values():
                client.say("/quit")
                client.wait_for("Bye", 10)
        finally:
            for client in clients.values():
                client.close()

    def mailbin_form(self):
        mailbin = self.of("mailbin-service")
        form = f"e2e-{NONCE}"
        message = f"hello from the e2e test {NONCE}"
        body = urllib.parse.urlencode({"name": "E2E Tester", "email": "e2e@example.org", "message": message, "_gotcha": ""})
        status, headers, text = request(f"{mailbin.http}/f/{form}", "POST", body, content_type="application/x-www-form-urlencoded",
                                        headers={"Origin": "https://www.example.org", "Referer": "https://www.example.org/contact.html",
                                                 "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                                                 "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) msgsuite-e2e"})
        check(status == 303, f"POST /f/{form} -> {status}, expected 303: {text[:300]}")
        check(f"/thanks.html?form={form}" in headers.get("Location", ""), f"redirected to {headers.get('Location')}")
        ok(f"browser-style POST /f/{form} (urlencoded, Origin https://www.example.org) -> 303 {headers['Location']}")

        status, _, _ = request(f"{mailbin.http}/api/submissions?form={form}")
        check(status == 401, f"the inbox's API answered an anonymous client {status}")
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(NoRedirects, urllib.request.HTTPCookieProcessor(jar))
        status, _, text = request(f"{mailbin.http}/login", opener=browser)
        check(status == 200 and "<form" in text, f"GET /login -> {status}")
        csrf = next((c.value for c in jar if c.name == "XSRF-TOKEN"), None)
        check(csrf, "GET /login set no XSRF-TOKEN cookie")
        login = urllib.parse.urlencode({"username": self.credentials["VIEWER_USER"],
                                        "password": self.credentials["VIEWER_PASSWORD"], "_csrf": csrf})
        status, headers, _ = request(f"{mailbin.http}/login", "POST", login, opener=browser, content_type="application/x-www-form-urlencoded",
                                     headers={"Origin": mailbin.http})
        location = headers.get("Location", "")
        check(status == 302 and "error" not in location, f"POST /login -> {status} {location}")
        status, _, text = request(f"{mailbin.http}/", opener=browser)
        check(status == 200 and "<html" in text.lower(), f"GET / (the inbox, logged in) -> {status}")
        ok(f"logged in as {self.credentials['VIEWER_USER']} through /login; the inbox page / answers 200")

        started = time.monotonic()

        def in_inbox():
            status, _, text = request(f"{mailbin.http}/api/submissions?form={form}", opener=browser,
                                      headers={"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"})
            check(status == 200, f"GET /api/submissions (logged in) -> {status}")
            page = json.loads(text)
            return page if page["total"] >= 1 and message in text else None
        page = eventually("the submission in the inbox", in_inbox)
        check(page["total"] == 1, f"stored {page['total']} times")
        ok(f"the submission is in the inbox (Kafka -> PostgreSQL) for the logged-in viewer "
           f"({(time.monotonic() - started) * 1000:.0f} ms after the POST was answered)")
        if self.modules("mailbin-producer"):
            def produced():
                status, _, text = request(f"{mailbin.http}/api/forms", opener=browser, headers={"X-Requested-With": "XMLHttpRequest"})
                check(status == 200, f"GET /api/forms (logged in) -> {status}")
                return {f["formId"]: f["submissions"] for f in json.loads(text) if f["formId"] in ("contact", "newsletter", "support")}
            forms = eventually("mailbin-producer's forms in the inbox", produced)
            ok(f"mailbin-producer's submissions are in the inbox too: {forms}")

    def compute_job(self):
        saver = self.of("saver-service").http
        nodes = len(self.modules("compute-node"))
        election = f"e2e-{NONCE}"
        post_json(f"{saver}/api/elections", {
            "id": election, "name": "End-to-end test",
            "statements": [{"id": "s1", "text": "More trains"}, {"id": "s2", "text": "Lower taxes", "weight": 2},
                           {"id": "s3", "text": "More parks"}],
            "parties": [{"id": "green", "name": "Green", "positions": [2, -1, 2]},
                        {"id": "blue", "name": "Blue", "positions": [-1, 2, 0]}]}, self.admin)
        ok(f"election {election} created")

        def configured():
            answer = post_json(f"{saver}/api/commands", {"command": "configure", "electionId": election, "timeoutMillis": 10000},
                               self.admin, expected=(200,))
            replies = [r for r in answer["replies"] if r.get("status") == "configured"]
            return answer if answer["allReplied"] and len(replies) >= nodes else None
        answer = eventually(f"{nodes} compute nodes configured", configured, interval=2)
        ok(f"configure: {', '.join(sorted(r['nodeId'] for r in answer['replies']))} replied configured")

        total = 2000
        started = time.monotonic()
        job = post_json(f"{saver}/api/jobs", {"electionId": election, "generate": total, "seed": 7, "batchSize": 100}, self.admin)
        job_id = job["jobId"]

        def complete():
            status = get_json(f"{saver}/api/jobs/{job_id}", self.admin)
            check(status["state"] not in ("failed", "cancelled"), f"job {job_id} {status['state']}: {status}")
            return status if status["state"] == "complete" else None
        status = eventually(f"job {job_id} complete", complete)
        check(status["done"] == total and status.get("failed", 0) == 0, f"job {job_id}: {status}")
        ok(f"job {job_id}: {total} answer sets in 20 batches complete ({(time.monotonic() - started) * 1000:.0f} ms)")

        stored, computed_by = 0, {}
        for page in range(2):
            results = get_json(f"{saver}/api/jobs/{job_id}/results?page={page}&size=1000", self.admin)
            check(results["totalResults"] == total, f"results: totalResults {results['totalResults']}")
            for item in results["items"]:
                stored += 1
                computed_by[item["nodeId"]] = computed_by.get(item["nodeId"], 0) + 1
                check(len(item["points"]) == 2 and len(item["ranking"]) == 2, f"result {item}")
        check(stored == total, f"{stored} results stored, expected {total}")
        ok(f"{stored} results in saver-service, computed by {computed_by}")
        summary = get_json(f"{saver}/api/jobs/{job_id}/summary", self.admin)
        check(summary["complete"] and summary["done"] == total, f"summary: {summary}")
        check(sorted(p["partyId"] for p in summary["parties"]) == ["blue", "green"], f"summary parties: {summary['parties']}")
        for party in summary["parties"]:
            check(party["answerSets"] == total and sum(party["histogram"]) == total, f"summary of {party['partyId']}: {party}")
        firsts = {p["partyId"]: p["firstPlaces"] for p in summary["parties"]}
        ok(f"summary complete: first places {firsts}, "
           f"mean agreement {({p['partyId']: round(p['meanAgreement'], 1) for p in summary['parties']})}")

    def metrics(self):
        # what the steps before did, counted where an operator's Prometheus would see it
        activity = {"bus-server": "skillbus_packets_in_total", "talker-service": "talker_client_lines_total"}
        for instance in self.instances:
            if not instance.management:
                continue
            started = time.monotonic()
            status, headers, text = request(f"{instance.management}/actuator/prometheus")
            check(status == 200, f"{instance.name} {instance.management}/actuator/prometheus -> {status}")
            samples = [line for line in text.splitlines() if line and not line.startswith("#")]
            tag = f'application="{instance.module}"'
            check(samples and all(tag in line for line in samples if "{" in line), f"{instance.name}: samples without {tag}")
            check(any(line.startswith("process_uptime_seconds") for line in samples), f"{instance.name}: no process_uptime_seconds")
            note = ""
            if instance.module in activity:
                name = activity[instance.module]
                count = sum(float(line.rsplit(" ", 1)[1]) for line in samples if line.startswith(name + "{"))
                check(count > 0, f"{instance.name}: {name} is {count} after the steps above")
                note = f", {name} {count:.0f}"
            ok(f"{instance.name:17} {instance.management}/actuator/prometheus: {len(samples)} samples {tag}{note} "
               f"({(time.monotonic() - started) * 1000:.0f} ms)")


class Netcat:
    """A talker user: nc in a child process, its output read as it comes."""

    def __init__(self, host, port):
        self.process = subprocess.Popen(["nc", host, str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        self.output = b""

    def say(self, line):
        self.process.stdin.write(f"{line}\r\n".encode("utf-8"))
        self.process.stdin.flush()

    def wait_for(self, text, seconds):
        """Whether text arrives within seconds (text already read counts once)."""
        needle = text.encode("utf-8")
        deadline = time.monotonic() + seconds
        while needle not in self.output:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.process.stdout], [], [], left)[0]:
                return False
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                return False
            self.output += chunk
        self.output = self.output[self.output.index(needle) + len(needle):]
        return True

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def main():
    args = sys.argv[1:]
    if args[:1] == ["--compose"] and len(args) == 2:
        dotenv = os.path.join(ROOT, ".env")
        bind = "127.0.0.1"
        if os.path.exists(dotenv):
            bind = next((line.split("=", 1)[1].strip().strip("'\"") for line in open(dotenv, encoding="utf-8")
                         if line.startswith("BIND_ADDRESS=")), bind)
        host = os.environ.get("E2E_HOST") or ("127.0.0.1" if bind in ("0.0.0.0", "") else bind)
        instances, target = compose_instances(args[1], host), f"compose project {args[1]}"
    elif not args:
        instances, target = launcher_instances(os.environ.get("E2E_HOST", "127.0.0.1")), "scripts/suite.sh"
    else:
        sys.exit(__doc__)
    suite = Suite(instances, read_credentials())
    print(f"[e2e] against {target}: {', '.join(i.name for i in instances)}", flush=True)
    steps = [("every /readyz 200", suite.readiness), ("skill bus: publish, receive on a second connection", suite.skill_bus),
             ("talkers: nc on one, heard on the other", suite.talkers), ("mailbin: browser form, in the inbox logged in", suite.mailbin_form),
             ("compute: configure nodes, run a job, results and summary", suite.compute_job),
             ("tuple space: write, read, take exactly once, access refused", suite.tuple_space),
             ("every management port: Prometheus metrics", suite.metrics)]
    results = []
    everything = time.monotonic()
    for title, step in steps:
        print(f"[e2e] {title}", flush=True)
        started = time.monotonic()
        try:
            step()
            outcome = "PASS"
        except Exception as error:  # one broken step must not hide what the others find
            outcome = "FAIL"
            kind = "" if isinstance(error, Failed) else f"{type(error).__name__}: "
            print(f"[e2e]     FAIL {kind}{error}", flush=True)
        results.append((title, outcome, time.monotonic() - started))
    print("[e2e] ---------------------------------------------------------------------------")
    for title, outcome, seconds in results:
        print(f"[e2e] {outcome}  {seconds:6.1f} s  {title}")
    failed = sum(1 for _, outcome, _ in results if outcome == "FAIL")
    print(f"[e2e] {len(results) - failed} of {len(results)} steps passed in {time.monotonic() - everything:.1f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
