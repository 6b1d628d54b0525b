"""YAML that remembers where each value came from, so problems can name a line.

PyYAML's safe loader composes a node graph with source marks; we build plain Python values
from it ourselves, recording the line of every key, and refuse what PyYAML would silently
accept (duplicate keys), take too long on (alias bombs, merge-key bombs) or crash on (nesting
deep enough to overflow libyaml's recursive composer, or Python's stack).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_NODES = 200_000  # far beyond any real draft.yaml; stops "billion laughs" alias expansion
MAX_DEPTH = 64  # real drafts nest four levels; libyaml's composer recurses (and crashes) on more

Location = tuple[str | int, ...]
# A plain or quoted string: PyYAML's constructor makes the node's value of it, unchanged
# (``construct_yaml_str``); the builder takes the value itself, without the constructor's
# bookkeeping, for the most common value by far (the others go through the constructor).
STR_TAG = "tag:yaml.org,2002:str"


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class YamlDoc:
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, loc: Location) -> int:
        """Line of the deepest known key on ``loc`` (a missing key points at its parent)."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.first_line


class _Builder:
    def __init__(self, loader: yaml.CSafeLoader, line_offset: int, merges: bool = True):
        self.loader = loader
        self.offset = line_offset
        self.merges = merges  # may the document have merge keys ("<<" or a !!merge tag)?
        self.lines: dict[Location, int] = {}
        self.count = 0

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node, loc: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(self.line(node), "document too large (too many values or aliases)")
        self.lines.setdefault(loc, self.line(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag == STR_TAG:  # most values: what the constructor would return, at once
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # e.g. 2026-02-30 matches the date pattern
            raise YamlProblem(self.line(node), f"invalid value {node.value!r}: {exc}") from exc
        except yaml.YAMLError as exc:
            raise YamlProblem(self.line(node), f"invalid value {node.value!r}") from exc

    def mapping(self, node: yaml.MappingNode, loc: Location) -> dict[str, Any]:
        # PyYAML resolves "<<" merge keys by copying the merged pairs into the mapping, before
        # any value is built (and counted): nested merges double at every level. Count first.
        if self.merges and merged_size(node, {}, 0) > MAX_NODES:
            raise YamlProblem(self.line(node), "document too large (too many merged keys)")
        self.loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(self.line(key_node), "keys must be plain names")
            key = (key_node.value if key_node.tag == STR_TAG
                   else str(self.loader.construct_object(key_node)))
            if key in result:
                raise YamlProblem(
                    self.line(key_node),
                    f"duplicate key {key!r} (first at line {self.lines[(*loc, key)]})",
                )
            self.lines[(*loc, key)] = self.line(key_node)
            result[key] = self.build(value_node, (*loc, key))
        return result


MERGE_TAG = "tag:yaml.org,2002:merge"


def merged_size(node: yaml.MappingNode, sizes: dict[int, int], depth: int) -> int:
    """How many key-value pairs ``node`` has once its merge keys are resolved (each merged
    mapping counted once per use, as ``flatten_mapping`` copies it), without resolving them."""
    if id(node) in sizes:
        return sizes[id(node)]
    if depth > MAX_DEPTH:  # a chain of merges: flatten_mapping recurses along it
        return MAX_NODES + 1
    size = 0
    for key_node, value_node in node.value:
        if key_node.tag != MERGE_TAG:
            size += 1
            continue
        merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for sub in merged:
            if isinstance(sub, yaml.MappingNode):
                size += merged_size(sub, sizes, depth + 1)
            if size > MAX_NODES:
                break
    sizes[id(node)] = size
    return size


def check_depth(text: str, line_offset: int) -> None:
    """Refuse nesting deeper than MAX_DEPTH, from the event stream (libyaml's parser keeps
    its own stack; its composer and our builder recurse, and would crash first)."""
    # Every level opens on a new line or with one of these: a text with few of them cannot
    # nest deeply, and is not read twice (most front matter is a handful of lines).
    if sum(map(text.count, ("\n", "[", "{", "-", "?", ":"))) < MAX_DEPTH:
        return
    loader = yaml.CSafeLoader(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(event.start_mark.line + 1 + line_offset,
                                      f"nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def parse_yaml(text: str, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document; raises YamlProblem with a 1-based line on any defect."""
    loader = yaml.CSafeLoader(text)  # libyaml: the same nodes and marks, much faster
    try:
        check_depth(text, line_offset)
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {}, line_offset + 1)
        builder = _Builder(loader, line_offset, merges="<<" in text or "merge" in text)
        data = builder.build(node, ())
        return YamlDoc(data, builder.lines, builder.line(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = max(text.count("\n", 0, len(text.rstrip())), 0)  # libyaml may point past the end
        line = (min(mark.line, last) + 1 if mark else 1) + line_offset
        message = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, f"YAML syntax error: {message}") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(line_offset + 1, f"YAML error: {exc}") from exc
    finally:
        loader.dispose()
