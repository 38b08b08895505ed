#!/usr/bin/env python3
"""Answers library-service's two internal part endpoints for one film, so the benchmark needs only stream-service."""
import json, os, subprocess, sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

media_root, rel, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
path = os.path.join(media_root, rel)
probe = json.loads(subprocess.check_output(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                                            "-show_streams", path]))
v = next(s for s in probe["streams"] if s["codec_type"] == "video")
a = next(s for s in probe["streams"] if s["codec_type"] == "audio")
part = {"partId": 1, "ratingKey": "1", "sectionId": 1, "file": rel, "size": os.path.getsize(path),
        "container": "mp4", "durationMs": int(float(probe["format"]["duration"]) * 1000),
        "bitrate": int(probe["format"]["bit_rate"]) // 1000, "videoCodec": v["codec_name"], "width": v["width"],
        "height": v["height"], "audioCodec": a["codec_name"], "audioChannels": a["channels"],
        "streams": [{"index": 0, "streamType": 1, "codec": v["codec_name"]},
                    {"index": 1, "streamType": 2, "codec": a["codec_name"]}], "subtitles": []}
item = {"MediaContainer": {"size": 1, "Metadata": [{"ratingKey": "1", "key": "/library/metadata/1", "type": "movie",
                                                     "title": "Bench Film", "librarySectionID": 1}]}}
routes = {"/internal/parts/1": part, "/internal/items/1/parts": [part], "/library/metadata/1": item}

class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = routes.get(self.path.split("?")[0])
        data = json.dumps(body if body is not None else {}).encode()
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
