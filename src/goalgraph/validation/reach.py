"""Which triples of a data graph a shapes graph can read, so that validation leaves out the rest."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rdflib import BNode, Graph, Literal, Node, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

if TYPE_CHECKING:
    from rdflib.plugins.sparql.parserutils import CompValue

K = TypeVar("K", bound=Hashable)

_THIS = Variable("this")
_SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
_CLASS_TYPES = (RDFS.Class, OWL.Class)
_PATH_MODIFIERS = (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)
# Algebra nodes that only pass their pattern's solutions on (order, duplicates, grouping).
_PASS_THROUGH = {"Distinct", "Reduced", "OrderBy", "ToMultiSet", "Group", "AggregateJoin"}


@dataclass(frozen=True)
class Reach:
    """What validation with a shapes graph reads of a data graph.

    Its focus nodes are those its targets select (with ``nodes``, constants of its queries):
    of each it may read every triple. From there it follows the ``forward`` predicates (any
    predicate when ``any_forward``) from subject to object, and the ``inverse`` ones from
    object to subject, reading the triples it passes; and it reads every triple of the
    ``everywhere`` predicates. When ``whole`` is set, the shapes can read anything (a query
    this analysis cannot follow) and nothing is left out.
    """

    classes: frozenset[URIRef] = frozenset()
    subjects_of: frozenset[URIRef] = frozenset()
    objects_of: frozenset[URIRef] = frozenset()
    nodes: frozenset[Node] = frozenset()
    forward: frozenset[URIRef] = frozenset()
    inverse: frozenset[URIRef] = frozenset()
    everywhere: frozenset[URIRef] = frozenset()
    any_forward: bool = False
    whole: bool = False

    def prune(
        self,
        triples: Sequence[tuple[K, K, K]],
        term: Callable[[Node], K],
        base: Indexed[K] | None = None,
    ) -> list[tuple[K, K, K]]:
        """The triples validation can read, each once; ``term`` maps an rdflib term to the
        kind of term the triples hold. ``base``, triples indexed once with ``index`` (the
        vocabulary, the same for every graph), is pruned as if it were part of ``triples``."""
        if self.whole:
            return list(triples) + (list(base.triples) if base is not None else [])
        found = self.index(triples, term)
        return _reachable(found if base is None else [found, base], self, term)

    def index(self, triples: Sequence[tuple[K, K, K]], term: Callable[[Node], K]) -> Indexed[K]:
        """``triples`` indexed for ``prune`` (as its ``base``)."""
        return _index(triples, self, term)


_FOLLOWED, _INCOMING, _SUBCLASS, _SUBJECTS, _OBJECTS, _EVERYWHERE = (1, 2, 4, 8, 16, 32)


@dataclass
class Indexed(Generic[K]):
    """Triples indexed by what a Reach does with them (see Reach.index)."""

    triples: Sequence[tuple[K, K, K]]
    outgoing: dict[K, list[tuple[K, K, K]]]
    followed: dict[K, list[tuple[K, K, K]]]
    incoming: dict[K, list[tuple[K, K, K]]]
    subclasses: dict[K, list[K]]
    #: The instances of each class (rdf:type triples by object).
    instances: dict[K, list[K]]
    #: Triples read wherever they are, and the focus and passed nodes found without classes.
    everywhere: list[tuple[K, K, K]]
    focus: list[K]
    passed: list[K]


def _index(
    triples: Sequence[tuple[K, K, K]], reach: Reach, term: Callable[[Node], K]
) -> Indexed[K]:
    rdf_type, sub_class_of = term(RDF.type), term(RDFS.subClassOf)
    forward = {term(p) for p in reach.forward}
    inverse = {term(p) for p in reach.inverse}
    everywhere = {term(p) for p in reach.everywhere}
    subjects_of = {term(p) for p in reach.subjects_of}
    objects_of = {term(p) for p in reach.objects_of}
    outgoing: dict[K, list[tuple[K, K, K]]] = defaultdict(list)
    followed: dict[K, list[tuple[K, K, K]]] = defaultdict(list)
    incoming: dict[K, list[tuple[K, K, K]]] = defaultdict(list)
    subclasses: dict[K, list[K]] = defaultdict(list)
    instances: dict[K, list[K]] = defaultdict(list)
    kept: list[tuple[K, K, K]] = []
    focus: list[K] = []
    passed: list[K] = []
    # What each predicate is for, worked out once per predicate: most triples need no more.
    roles: dict[K, int] = {}
    for triple in triples:
        s, p, o = triple
        outgoing[s].append(triple)
        if p == rdf_type:
            instances[o].append(s)
        role = roles.get(p)
        if role is None:
            role = roles[p] = (
                (_FOLLOWED if reach.any_forward or p in forward else 0)
                | (_INCOMING if p in inverse else 0)
                | (_SUBCLASS if p == sub_class_of else 0)
                | (_SUBJECTS if p in subjects_of else 0)
                | (_OBJECTS if p in objects_of else 0)
                | (_EVERYWHERE if p in everywhere else 0)
            )
        if not role:
            continue
        if role & _FOLLOWED:
            followed[s].append(triple)
        if role & _INCOMING:
            incoming[o].append(triple)
        if role & _SUBCLASS:
            subclasses[o].append(s)
        if role & _SUBJECTS:
            focus.append(s)
        if role & _OBJECTS:
            focus.append(o)
        if role & _EVERYWHERE:
            kept.append(triple)
            passed += (s, o)
    return Indexed(
        triples, outgoing, followed, incoming, subclasses, instances, kept, focus, passed
    )


def _reachable(
    found: Indexed[K] | list[Indexed[K]], reach: Reach, term: Callable[[Node], K]
) -> list[tuple[K, K, K]]:
    parts = found if isinstance(found, list) else [found]
    outgoing, followed, incoming, subclasses, instances = (
        _lookup([getattr(part, name) for part in parts])
        for name in ("outgoing", "followed", "incoming", "subclasses", "instances")
    )
    kept: set[tuple[K, K, K]] = {t for part in parts for t in part.everywhere}
    focus: list[K] = [term(node) for node in reach.nodes]
    passed: list[K] = []
    for part in parts:
        focus += part.focus
        passed += part.passed
    # Focus nodes of class targets: instances of the classes or of their subclasses.
    classes = {term(c) for c in reach.classes}
    pending = list(classes)
    while pending:
        for sub in subclasses(pending.pop()):
            if sub not in classes:
                classes.add(sub)
                pending.append(sub)
    for kind in classes:
        focus += instances(kind)
    # A focus node has all its triples read; a node passed on the way, those it is followed by.
    whole_nodes: set[K] = set(focus)
    seen: set[K] = set(focus) | set(passed)
    frontier = [(node, True) for node in whole_nodes]
    frontier += ((node, False) for node in set(passed) - whole_nodes)
    while frontier:
        node, all_of_them = frontier.pop()
        for triple in (outgoing if all_of_them else followed)(node):
            kept.add(triple)
            if triple[2] not in seen:
                seen.add(triple[2])
                frontier.append((triple[2], False))
        for triple in incoming(node):
            kept.add(triple)
            if triple[0] not in seen:
                seen.add(triple[0])
                frontier.append((triple[0], False))
    return list(kept)


def _lookup(tables: list[dict[Any, list[Any]]]) -> Callable[[Any], Sequence[Any]]:
    """What the tables hold for a key, together."""
    if len(tables) == 1:
        table = tables[0]
        return lambda key: table.get(key, ())
    first, second = tables

    def both(key: Any) -> Sequence[Any]:
        # A key is mostly in one table (a graph's nodes or the vocabulary's).
        one, two = first.get(key), second.get(key)
        if one is None:
            return two or ()
        return one if two is None else one + two

    return both


# ----------------------------------------------------------------------------------------
# The shapes graph
# ----------------------------------------------------------------------------------------


def shapes_reach(shapes: Graph) -> Reach:
    """What validation with ``shapes`` can read of a data graph (see Reach)."""
    found = _Found()
    found.classes.update(_iris(shapes.objects(None, SH.targetClass)))
    for shape in set(shapes.subjects(RDF.type, None)):
        types = set(shapes.objects(shape, RDF.type))
        if isinstance(shape, URIRef) and types & set(_SHAPE_TYPES) and types & set(_CLASS_TYPES):
            found.classes.add(shape)  # an implicit class target
    found.subjects_of.update(_iris(shapes.objects(None, SH.targetSubjectsOf)))
    found.objects_of.update(_iris(shapes.objects(None, SH.targetObjectsOf)))
    found.inverse.update(found.objects_of)  # which nodes are objects is read backwards
    found.nodes.update(shapes.objects(None, SH.targetNode))
    if any(shapes.triples((None, SH.target, None))):
        found.whole = True  # SPARQL-based or custom targets select focus nodes we cannot see
    for path in set(shapes.objects(None, SH.path)):
        _shacl_path(shapes, path, False, found, set())
    # sh:class and class targets read types and superclasses; property pair constraints read
    # their predicate on the value nodes they are nested into.
    found.forward.update((RDF.type, RDFS.subClassOf))
    for pair in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
        found.forward.update(_iris(shapes.objects(None, pair)))
    if any(shapes.triples((None, SH.closed, None))):
        found.any_forward = True  # a closed shape nested into value nodes reads all of theirs
    _sparql(shapes, found)
    if found.whole:
        return Reach(whole=True)
    return Reach(
        classes=frozenset(found.classes),
        subjects_of=frozenset(found.subjects_of),
        objects_of=frozenset(found.objects_of),
        nodes=frozenset(found.nodes),
        forward=frozenset(found.forward),
        inverse=frozenset(found.inverse),
        everywhere=frozenset(found.everywhere),
        any_forward=found.any_forward,
    )


@dataclass
class _Found:
    classes: set[URIRef] = field(default_factory=set)
    subjects_of: set[URIRef] = field(default_factory=set)
    objects_of: set[URIRef] = field(default_factory=set)
    nodes: set[Node] = field(default_factory=set)
    forward: set[URIRef] = field(default_factory=set)
    inverse: set[URIRef] = field(default_factory=set)
    everywhere: set[URIRef] = field(default_factory=set)
    any_forward: bool = False
    whole: bool = False


def _iris(nodes: Iterable[Node]) -> Iterable[URIRef]:
    return (node for node in nodes if isinstance(node, URIRef))


def _shacl_path(shapes: Graph, path: Node, inverted: bool, found: _Found, seen: set[Node]) -> None:
    """Record the predicates a SHACL path follows, and in which direction."""
    if isinstance(path, URIRef):
        (found.inverse if inverted else found.forward).add(path)
        return
    if path in seen or not isinstance(path, BNode):
        found.whole = True  # a literal or a cyclic path: not a SHACL path
        return
    seen = seen | {path}
    inner = shapes.value(path, SH.inversePath)
    if inner is not None:
        _shacl_path(shapes, inner, not inverted, found, seen)
        return
    for modifier in (SH.alternativePath, *_PATH_MODIFIERS):
        inner = shapes.value(path, modifier)
        if inner is not None:
            if modifier == SH.alternativePath:
                for item in Collection(shapes, inner):
                    _shacl_path(shapes, item, inverted, found, seen)
            else:
                _shacl_path(shapes, inner, inverted, found, seen)
            return
    if (path, RDF.first, None) in shapes:
        for item in Collection(shapes, path):
            _shacl_path(shapes, item, inverted, found, seen)
        return
    found.whole = True


# ----------------------------------------------------------------------------------------
# SPARQL-based constraints
# ----------------------------------------------------------------------------------------


def _sparql(shapes: Graph, found: _Found) -> None:
    prefixes = _prefixes(shapes)
    if prefixes is None:
        found.whole = True
        return
    for predicate in (SH.select, SH.ask):
        for holder, text in shapes.subject_objects(predicate):
            constraint_of = list(shapes.subjects(SH.sparql, holder))
            # Only constraints of node shapes: a property shape's $PATH, a component's $value
            # and its parameters are bound to things this analysis does not follow.
            if not constraint_of or any((s, SH.path, None) in shapes for s in constraint_of):
                found.whole = True
                continue
            _query(prefixes + str(text), found)


def _prefixes(shapes: Graph) -> str | None:
    """PREFIX lines for every sh:declare in the shapes graph; None when two disagree."""
    declared: dict[str, str] = {}
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = (
            shapes.value(declaration, SH.prefix),
            shapes.value(declaration, SH.namespace),
        )
        if prefix is None or namespace is None:
            continue
        if declared.setdefault(str(prefix), str(namespace)) != str(namespace):
            return None
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared.items())


def _query(text: str, found: _Found) -> None:
    # rdflib's SPARQL engine is imported when a shape has a query, not with this module.
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(text).algebra
    except (ParseException, ValueError, TypeError, KeyError, AttributeError):
        found.whole = True  # pySHACL will report it; nothing can be left out meanwhile
        return
    # pySHACL binds these to nodes of the shapes graph; $value is not pre-bound in a node
    # shape's constraint, where it is an ordinary variable.
    if {Variable("currentShape"), Variable("shapesGraph")} & _variables(algebra):
        found.whole = True
        return
    _scan(algebra, frozenset({_THIS}), found)


def _variables(node: Any) -> set[Variable]:
    from rdflib.plugins.sparql.parserutils import CompValue

    found: set[Variable] = set()
    if isinstance(node, Variable):
        found.add(node)
    elif isinstance(node, CompValue):
        for value in node.values():
            found |= _variables(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            found |= _variables(item)
    return found


def _scan(node: CompValue, anchored: frozenset[Variable], found: _Found) -> frozenset[Variable]:
    """Record what the pattern reads when the ``anchored`` variables hold reached nodes, and
    return the variables that then hold reached nodes in every solution.

    A variable is anchored when every solution that can reach the query's answer binds it to
    a node reached from $this: so the pattern only reads triples of reached nodes.
    """
    name = node.name
    if name in _GROUP:
        return _group(node, anchored, found)
    if name in ("SelectQuery", "AskQuery") or name in _PASS_THROUGH:
        _exists_in(node, anchored, found, skip="p")
        return _scan(node.p, anchored, found)
    if name == "Project":
        projected = frozenset(node.PV)
        inner = _scan(node.p, (anchored & projected) | {_THIS}, found)
        return anchored | (inner & projected)
    if name == "Slice":
        # Which solutions a LIMIT keeps depends on all of them, reached or not.
        return anchored | _scan(node.p, frozenset({_THIS}), found)
    if name == "Union":
        left = _scan(node.p1, anchored, found)
        right = _scan(node.p2, anchored, found)
        return left & right
    if name in ("LeftJoin", "Minus"):
        out = _scan(node.p1, anchored, found)
        # The right side may only lean on what the left side binds itself: were it to lean on
        # a sibling of the whole, a lost right-hand solution could let a left one through alone.
        local = _scan(node.p1, frozenset({_THIS}), _Found())
        right = _scan(node.p2, local, found)
        _exists(node.get("expr"), local | right, found)
        return out
    found.whole = True  # GRAPH, SERVICE, VALUES or another form not followed here
    return anchored


# Algebra nodes whose solutions are joined: their triple patterns anchor one another.
_GROUP = {"BGP", "Join", "Filter", "Extend"}


@dataclass
class _Parts:
    """A group of joined patterns, flattened."""

    patterns: list[tuple[Any, Any, Any]] = field(default_factory=list)
    binds: list[tuple[Variable, Any]] = field(default_factory=list)
    #: Expressions with the pattern they filter (EXISTS in them sees that pattern's solution).
    filters: list[tuple[Any, CompValue]] = field(default_factory=list)
    others: list[CompValue] = field(default_factory=list)

    def add(self, node: CompValue) -> None:
        if node.name == "BGP":
            self.patterns += node.triples
        elif node.name == "Join":
            self.add(node.p1)
            self.add(node.p2)
        elif node.name in ("Filter", "Extend"):
            self.add(node.p)
            self.filters.append((node.expr, node.p))
            if node.name == "Extend":
                self.binds.append((node.var, node.expr))
        else:
            self.others.append(node)


def _group(
    node: CompValue, anchored: frozenset[Variable], found: _Found, *, filters: bool = True
) -> frozenset[Variable]:
    """Scan joined patterns. Each is read once, in the direction that its first anchored end
    gives when it is reached: so no pattern is ever anchored by itself."""
    parts = _Parts()
    parts.add(node)
    bound = set(anchored)
    while True:
        if _anchor_patterns(parts.patterns, bound, found) | _anchor_binds(
            parts.binds, bound, found
        ):
            continue
        if parts.others:
            bound |= _scan(parts.others.pop(0), frozenset(bound), found)
            continue
        if not parts.patterns:
            break
        # Nothing anchors the first pattern left: it reads its predicates everywhere.
        s, p, o = parts.patterns.pop(0)
        _everywhere(p, found)
        bound.update(t for t in (s, o) if _is_variable(t))
    if filters:
        for expr, pattern in parts.filters:
            local = _group(pattern, frozenset({_THIS}), _Found(), filters=False)
            _exists(expr, local, found)
    return frozenset(v for v in bound if isinstance(v, Variable))


def _anchor_patterns(patterns: list[tuple[Any, Any, Any]], bound: set[Any], found: _Found) -> bool:
    def held(term: Any) -> bool:
        return not _is_variable(term) or term in bound

    progress = False
    for triple in list(patterns):
        s, p, o = triple
        if held(s):
            if not _is_variable(s):
                found.nodes.add(s)
            _predicate(p, False, s == _THIS, found)
        elif held(o):
            if not _is_variable(o):
                found.nodes.add(o)
            _predicate(p, True, False, found)
        else:
            continue
        bound.update(t for t in (s, o) if _is_variable(t))
        patterns.remove(triple)
        progress = True
    return progress


def _anchor_binds(binds: list[tuple[Variable, Any]], bound: set[Any], found: _Found) -> bool:
    """BIND of an anchored variable or of a constant anchors its variable."""
    progress = False
    for var, expr in list(binds):
        if isinstance(expr, (URIRef, Literal)):
            found.nodes.add(expr)
        elif not (isinstance(expr, Variable) and expr in bound):
            continue
        bound.add(var)
        binds.remove((var, expr))
        progress = True
    return progress


def _exists(expr: Any, anchored: frozenset[Variable], found: _Found) -> None:
    """Scan the patterns of EXISTS and NOT EXISTS in an expression."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            _scan(expr.graph, anchored, found)
            return
        for value in expr.values():
            _exists(value, anchored, found)
    elif isinstance(expr, (list, tuple)):
        for item in expr:
            _exists(item, anchored, found)


def _exists_in(node: CompValue, anchored: frozenset[Variable], found: _Found, skip: str) -> None:
    for key, value in node.items():
        if key != skip:
            _exists(value, anchored, found)


def _is_variable(term: Any) -> bool:
    # Blank nodes in a query pattern match like variables.
    return isinstance(term, (Variable, BNode))


def _predicate(p: Any, backwards: bool, focus: bool, found: _Found) -> None:
    """Record what a pattern's predicate (an IRI, variable or path) follows, read from its
    subject, or ``backwards`` from its object; ``focus`` when that subject is $this, whose
    triples are all read anyway."""
    if isinstance(p, URIRef):
        (found.inverse if backwards else found.forward).add(p)
    elif isinstance(p, InvPath):
        _predicate(p.arg, not backwards, False, found)
    elif isinstance(p, (SequencePath, AlternativePath)):
        for arg in p.args:
            _predicate(arg, backwards, focus and isinstance(p, AlternativePath), found)
    elif isinstance(p, MulPath):
        _predicate(p.path, backwards, False, found)
    elif isinstance(p, (Variable, BNode, NegatedPath)):
        inverted = isinstance(p, NegatedPath) and any(isinstance(a, InvPath) for a in p.args)
        if backwards != inverted:
            found.whole = True  # every triple into a node, whatever its predicate
        elif not focus:
            found.any_forward = True
    else:
        found.whole = True


def _everywhere(p: Any, found: _Found) -> None:
    if isinstance(p, URIRef):
        found.everywhere.add(p)
    elif isinstance(p, (InvPath, SequencePath, AlternativePath)):
        for arg in p.args if not isinstance(p, InvPath) else [p.arg]:
            _everywhere(arg, found)
    elif isinstance(p, MulPath) and p.mod == "+":
        _everywhere(p.path, found)
    else:
        # A variable predicate, a negated path, or a path that may have length 0 (which
        # matches every node of the graph) between two free ends: it reads everything.
        found.whole = True
