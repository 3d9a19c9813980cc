"""Lists what an independent HTML parser (Python's html.parser) finds in a
page: one JSON line per start tag, {"tag": TAG, "attrs": [[NAME, VALUE], ...]}.
Usage: html_attrs.py PAGE"""
import json
import sys
from html.parser import HTMLParser


class Dump(HTMLParser):
    def handle_starttag(self, tag, attrs):
        print(json.dumps({"tag": tag, "attrs": attrs}))


Dump().feed(open(sys.argv[1], encoding="utf-8").read())
