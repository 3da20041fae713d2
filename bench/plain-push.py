#!/usr/bin/env python3
"""Pushes one SIF file through the library API with a plain HTTP client (issue #7's benchmark).

The real client hashes the whole file before its first request (and, for S3-compliant multipart,
each part again): its push rate includes its own work. This client does nothing but the protocol:
the file's sha256 is given on the command line, the bytes are sent by curl (`curl -T`, a part from a
copy of its bytes in /dev/shm made before its PUT), parts one after the other as the real client
sends them. What it measures is the registry's side of a push: receiving, hashing, writing and
verifying.

    plain-push.py BASE TOKEN FILE SHA256HEX ENTITY/COLLECTION/CONTAINER:TAG single|multipart

Prints one JSON object: wall (s, first request to tag set), transfer (s, the byte-carrying PUTs
as curl times them, from its connection to the registry's answer, and the completion call, which
verifies; not the start of each curl process, the JSON calls between parts nor the part copies),
bytes, parts.
"""
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse

BLOCK = 1 << 20


class Api:
    def __init__(self, base, token):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port or 80
        self.token = token
        self.conn = self.connect()

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=3600, blocksize=BLOCK)

    def call(self, method, path, body=None, ok=(200, 201)):
        data = None if body is None else json.dumps(body).encode()
        self.conn.request(method, path, body=data, headers={"Authorization": "Bearer " + self.token})
        r = self.conn.getresponse()
        text = r.read()
        if r.status not in ok:
            return r.status, None
        return r.status, json.loads(text).get("data") if text else None

    @staticmethod
    def put_bytes(url, path):
        """PUT a file to a signed URL with curl (no Authorization, as the real client); returns
        (seconds, ETag). curl sends faster than Python's http.client on this machine. The seconds
        are curl's own time_total: starting a curl process (about 8 ms here) is this script's cost,
        not the registry's, and a multipart push would pay it once per part."""
        r = subprocess.run(["curl", "-sS", "-f", "-o", "/dev/null", "-D", "-", "-w", "time_total: %{time_total}\n",
                            "-T", path, "-H", "Content-Type: application/octet-stream", url],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"PUT {url}: {r.stderr.strip()}")
        lines = r.stdout.splitlines()
        etag = next((line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("etag:")), None)
        seconds = next(float(line.split(":", 1)[1]) for line in lines if line.startswith("time_total:"))
        return seconds, etag


def copy_part(src, offset, length, dst):
    """The bytes of one part, as a file of their own for curl (in RAM when /dev/shm exists)."""
    with open(src, "rb") as f, open(dst, "wb") as out:
        f.seek(offset)
        left = length
        while left > 0:
            b = f.read(min(BLOCK, left))
            out.write(b)
            left -= len(b)


def main():
    base, token, path, sha, ref, mode = sys.argv[1:7]
    name, tag = ref.rsplit(":", 1)
    entity, collection, container = name.split("/")
    size = os.path.getsize(path)
    api = Api(base, token)
    t0 = time.monotonic()

    st, e = api.call("GET", f"/v1/entities/{entity}")
    if st != 200:
        sys.exit(f"entity {entity}: HTTP {st}")
    st, c = api.call("GET", f"/v1/collections/{entity}/{collection}")
    if st != 200:
        st, c = api.call("POST", "/v1/collections", {"name": collection, "entity": e["id"], "description": ""})
    st, k = api.call("GET", f"/v1/containers/{entity}/{collection}/{container}")
    if st != 200:
        st, k = api.call("POST", "/v1/containers", {"name": container, "collection": c["id"], "description": ""})
    if k is None:
        sys.exit(f"container {name}: HTTP {st}")
    st, img = api.call("POST", "/v1/images", {"hash": "sha256." + sha, "container": k["id"], "description": ""})
    if img is None:
        sys.exit(f"image: HTTP {st}")
    if img.get("uploaded"):
        sys.exit("the image is already uploaded: push a file the registry has not seen")

    parts = 1
    transfer = 0.0   # the byte-carrying PUTs and the completion call, nothing else
    if mode == "single":
        st, up = api.call("POST", f"/v2/imagefile/{img['id']}", {"filesize": size, "sha256sum": sha})
        if up is None:
            sys.exit(f"upload start: HTTP {st}")
        transfer += api.put_bytes(up["uploadURL"], path)[0]
        t = time.monotonic()
        st, _ = api.call("PUT", f"/v2/imagefile/{img['id']}/_complete", {}, ok=(200, 204))
        transfer += time.monotonic() - t
    else:
        st, mp = api.call("POST", f"/v2/imagefile/{img['id']}/_multipart", {"filesize": size})
        if mp is None:
            sys.exit(f"multipart start: HTTP {st}")
        parts, part_size, done = mp["totalParts"], mp["partSize"], []
        part_file = os.path.join("/dev/shm" if os.path.isdir("/dev/shm") else os.path.dirname(path),
                                 f"plain-push-part-{os.getpid()}")
        try:
            for n in range(1, parts + 1):
                offset = (n - 1) * part_size
                length = min(part_size, size - offset)
                copy_part(path, offset, length, part_file)
                st, p = api.call("PUT", f"/v2/imagefile/{img['id']}/_multipart",
                                 {"uploadID": mp["uploadID"], "partNumber": n, "partSize": length, "sha256sum": ""},
                                 ok=(200, 204))
                if p is None:
                    sys.exit(f"part {n}: HTTP {st}")
                seconds, etag = api.put_bytes(p["presignedURL"], part_file)
                transfer += seconds
                done.append({"partNumber": n, "token": etag})
        finally:
            if os.path.exists(part_file):
                os.remove(part_file)
        t = time.monotonic()
        st, _ = api.call("PUT", f"/v2/imagefile/{img['id']}/_multipart_complete",
                         {"uploadID": mp["uploadID"], "completedParts": done}, ok=(200, 204))
        transfer += time.monotonic() - t
    if st not in (200, 204):
        sys.exit(f"completion: HTTP {st}")
    st, _ = api.call("POST", f"/v2/tags/{k['id']}", {"Arch": "amd64", "Tag": tag, "ImageID": img["id"]}, ok=(200,))
    if st != 200:
        sys.exit(f"tag: HTTP {st}")
    print(json.dumps({"wall": time.monotonic() - t0, "transfer": transfer, "bytes": size, "parts": parts}))


if __name__ == "__main__":
    main()
