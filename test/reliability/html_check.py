"""Parses generated HTML pages with the standard library's parser and prints, as JSON, every element
name, every attribute name, each script element's text, and the page's text (entities decoded).
The hostile-model suite compares hostile pages with the pages of the real model: text that tried to
be markup must come out as text, never as elements or attributes."""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.attributes: set[str] = set()
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.attributes.update(name for name, _ in attrs)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def main(paths: list[str]) -> None:
    result = {}
    for path in paths:
        collector = Collector()
        with open(path, encoding="utf-8") as f:
            collector.feed(f.read())
        collector.close()
        result[path] = {
            "tags": collector.tags,
            "attributes": sorted(collector.attributes),
            "scripts": collector.scripts,
            "text": "".join(collector.text),
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
