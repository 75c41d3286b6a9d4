"""Hostile uploads against a running server: 8 concurrent zip-bomb uploads while clients keep reading.

    python -m bench.uploads http://127.0.0.1:8000 [--user admin] [--password Pagu-Demo-2026] [--rounds 3]

The server must be on a loopback address and hold the demo (or any pemda with an RKA and a DPA stage, a Renja
and an RKPD; endpoints whose document is missing are left out). Each bomb is a valid xlsx of about 1 MB whose one
shared string expands to 1 GiB. Prints the readers' p95 (target < 500 ms), the slowest bomb answer (target < 1 s,
every one a 400) and the largest RSS of a server worker (target < 300 MB; the processes listening on the URL's
port and their children, sampled every 50 ms). Bounded: `--rounds` bombs per uploader, 30 s per request.
"""

import argparse
import io
import ipaddress
import socket
import statistics
import sys
import threading
import time
import zipfile
from urllib.parse import urlsplit

import httpx
import psutil

UPLOADERS = 8
READERS = 4
READ_PATHS = ("/api/perangkat-daerah/", "/api/anggaran/", "/api/renja/")
TARGETS = {"read_p95_ms": 500.0, "bomb_max_s": 1.0, "rss_max_mb": 300.0}

SHEET_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
)
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
    'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": SHEET_XML,
}


def zip_bomb(expanded: int = 1 << 30) -> bytes:
    """A valid xlsx whose one shared string is `expanded` bytes of `a` (deflate packs it ~1000-fold)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as entry:
            entry.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            )
            entry.write(b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
            chunk = b"a" * (1 << 20)
            for _ in range(expanded >> 20):
                entry.write(chunk)
            entry.write(b"</t></si></sst>")
    return buffer.getvalue()


def loopback_only(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    addresses = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"refusing {url}: only loopback servers (127.0.0.0/8, ::1) are benchmarked")
    return host, port


def server_processes(port: int) -> list[psutil.Process]:
    """The processes listening on `port` and their children (gunicorn's master and workers)."""
    pids = {
        conn.pid
        for conn in psutil.net_connections(kind="tcp")
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid
    }
    found: dict[int, psutil.Process] = {}
    for pid in pids:
        try:
            process = psutil.Process(pid)
            while (parent := process.parent()) is not None and parent.name() == process.name():
                process = parent  # a worker holds the socket too: start from gunicorn's master
            for member in [process, *process.children(recursive=True)]:
                found[member.pid] = member
        except psutil.Error:
            continue
    return list(found.values())


def first_id(client: httpx.Client, path: str) -> int | None:
    response = client.get(path)
    if response.status_code != 200:
        return None
    body = response.json()
    rows = body.get("results", body) if isinstance(body, dict) else body
    return rows[0]["id"] if rows else None


def endpoints(client: httpx.Client) -> list[tuple[str, dict[str, str]]]:
    """(path, form fields) of every import endpoint whose document exists on the server."""
    found = [
        ("/api/reference-versions/import/", {"kind": "akun", "legal_basis": "bench", "tahun_mulai": "2090",
                                             "tahun_selesai": "2090"}),
        ("/api/standar-harga/import/", {"jenis": "SSH", "tahun": "2090"}),
    ]  # fmt: skip
    # a closed stage or a submitted plan answers 409 before the file is read: only open documents take a bomb
    rka = first_id(client, "/api/anggaran/?status=open&tahap=rka") or first_id(
        client, "/api/anggaran/?status=open"
    )
    dpa = first_id(client, "/api/anggaran/?tahap=dpa")
    renja = first_id(client, "/api/renja/?status=draft")
    rkpd = first_id(client, "/api/rkpd/?status=draft")
    if rka:
        found.append((f"/api/anggaran/{rka}/import-sipd/", {}))
    if dpa:
        found.append(("/api/realisasi/import/", {"anggaran": str(dpa)}))
    if renja:
        found.append((f"/api/renja/{renja}/import/", {}))
    if rkpd:
        found.append((f"/api/rkpd/{rkpd}/import/", {}))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="base URL of a running server on loopback, e.g. http://127.0.0.1:8000")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="Pagu-Demo-2026")
    parser.add_argument("--rounds", type=int, default=3, help="bombs per uploader (default 3)")
    args = parser.parse_args(argv)
    base = args.url.rstrip("/")
    _, port = loopback_only(base)

    token = httpx.post(
        f"{base}/api/auth/token/", json={"username": args.user, "password": args.password}, timeout=30
    )
    token.raise_for_status()
    headers = {"Authorization": f"Token {token.json()['token']}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        targets = endpoints(client)
    bomb = zip_bomb()
    print(f"bomb: {len(bomb) / 1e6:.2f} MB expanding to 1 GiB; endpoints: {len(targets)}", flush=True)

    processes = server_processes(port)
    rss_max = 0
    reads: list[float] = []
    answers: list[tuple[float, int]] = []
    done = threading.Event()
    lock = threading.Lock()

    def sample() -> None:
        nonlocal rss_max
        while not done.is_set():
            for process in processes:
                try:
                    rss_max = max(rss_max, process.memory_info().rss)
                except psutil.Error:
                    continue
            time.sleep(0.05)

    def read() -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            index = 0
            while not done.is_set():
                started = time.perf_counter()
                response = client.get(READ_PATHS[index % len(READ_PATHS)])
                elapsed = time.perf_counter() - started
                index += 1
                if response.status_code == 200:
                    with lock:
                        reads.append(elapsed)

    def upload(number: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            for round_ in range(args.rounds):
                path, fields = targets[(number + round_) % len(targets)]
                started = time.perf_counter()
                try:
                    status = client.post(path, data=fields, files={"file": ("bom.xlsx", bomb)}).status_code
                except httpx.HTTPError:
                    status = 0
                with lock:
                    answers.append((time.perf_counter() - started, status))

    sampler = threading.Thread(target=sample)
    readers = [threading.Thread(target=read) for _ in range(READERS)]
    uploaders = [threading.Thread(target=upload, args=(n,)) for n in range(UPLOADERS)]
    sampler.start()
    for thread in readers:
        thread.start()
    time.sleep(0.5)  # readers warm up before the bombs
    for thread in uploaders:
        thread.start()
    for thread in uploaders:
        thread.join()
    time.sleep(0.5)
    done.set()
    for thread in [*readers, sampler]:
        thread.join()

    p95 = (
        statistics.quantiles(reads, n=100, method="inclusive")[94] * 1000 if len(reads) > 1 else float("nan")
    )
    bomb_max = max(elapsed for elapsed, _ in answers)
    statuses = sorted({status for _, status in answers})
    figures = {"read_p95_ms": p95, "bomb_max_s": bomb_max, "rss_max_mb": rss_max / 1e6}
    for name, value in figures.items():
        print(f"{name:<14} {value:>10.3f}  target {TARGETS[name]:g}  ratio {value / TARGETS[name]:.2f}")
    print(
        f"reads: {len(reads)}  bomb answers: {len(answers)}  statuses: {statuses}  server processes: {len(processes)}"
    )
    ok = statuses == [400] and all(figures[name] < TARGETS[name] for name in TARGETS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
