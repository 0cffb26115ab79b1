"""The fictional people and places of the sample account, and its knowledge graph."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

REFERENCE_DAY = date(2026, 10, 5)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    gender: str
    born: date
    place_of_birth: str
    occupations: tuple[str, ...]
    description: str
    affiliation: tuple[str, str]          # (attribute name, node key), e.g. employer
    citizenship: str
    node_id: int
    custom_id: str
    pagerank: float
    face_bgr: tuple[int, int, int]        # colour of the drawn face in the video

    @property
    def age_bucket(self) -> str:
        years = REFERENCE_DAY.year - self.born.year - (
            (REFERENCE_DAY.month, REFERENCE_DAY.day) < (self.born.month, self.born.day))
        low = years // 10 * 10
        return f"{low}-{low + 10}"


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    description: str
    instance_of: str
    located_in: str
    node_id: int
    custom_id: str
    pagerank: float


PEOPLE: tuple[Person, ...] = (
    Person("mara", "Mara Lindqvist", "female", date(1979, 3, 14), "Gothenburg",
           ("journalist", "television presenter", "news anchor"),
           "Swedish-German news anchor of the Nordlicht evening news",
           ("employer", "nordlicht"), "Sweden", 52011, "Q987650011", 41.2718,
           (176, 196, 232)),
    Person("tobias", "Tobias Brenner", "male", date(1967, 11, 2), "Hamburg",
           ("journalist", "political correspondent"),
           "German political correspondent", ("employer", "nordlicht"), "Germany",
           52012, "Q987650012", 23.5504, (120, 150, 196)),
    Person("amara", "Amara Okafor", "female", date(1991, 7, 23), "Lagos",
           ("meteorologist", "television presenter"),
           "Nigerian-German meteorologist and weather presenter", ("employer", "nordlicht"),
           "Germany", 52013, "Q987650013", 17.9031, (72, 104, 150)),
    Person("henrik", "Henrik Vass", "male", date(1958, 1, 30), "Bergen",
           ("politician", "lawyer", "mayor"), "Norwegian-German politician, mayor of Hafenstadt",
           ("member_of_political_party", "kuestenbund"), "Germany", 52014, "Q987650014",
           29.8846, (150, 178, 222)),
    Person("lucia", "Lucía Ferreira", "female", date(1984, 5, 9), "Porto",
           ("economist", "university teacher"), "Portuguese economist",
           ("employer", "hafenstadt_uni"), "Portugal", 52015, "Q987650015", 12.4187,
           (110, 160, 210)),
    Person("jonas", "Jonas Adeyemi", "male", date(1998, 9, 17), "Hamburg",
           ("association football player", "youth coach"),
           "German footballer, forward of FC Hafenstadt",
           ("member_of_sports_team", "fc_hafenstadt"), "Germany", 52016, "Q987650016",
           19.6120, (58, 84, 128)),
)

PLACES: tuple[Place, ...] = (
    Place("gothenburg", "Gothenburg", "city in Sweden", "city", "Sweden", 13101, "Q987651001",
          35.1022),
    Place("hamburg", "Hamburg", "city and state in Germany", "city", "Germany", 13102,
          "Q987651002", 52.7314),
    Place("lagos", "Lagos", "city in Nigeria", "city", "Nigeria", 13103, "Q987651003", 44.0086),
    Place("bergen", "Bergen", "city in Norway", "city", "Norway", 13104, "Q987651004", 21.3377),
    Place("porto", "Porto", "city in Portugal", "city", "Portugal", 13105, "Q987651005",
          27.6609),
    Place("nordlicht", "Nordlicht Broadcasting", "fictional public broadcaster", "broadcaster",
          "Hamburg", 13106, "Q987651006", 15.2093),
    Place("fc_hafenstadt", "FC Hafenstadt", "fictional association football club",
          "association football club", "Hamburg", 13107, "Q987651007", 9.8811),
    Place("kuestenbund", "Küstenbund", "fictional regional political party", "political party",
          "Hamburg", 13108, "Q987651008", 6.4402),
    Place("hafenstadt_uni", "Hafenstadt University", "fictional public university",
          "university", "Hamburg", 13109, "Q987651009", 7.7135),
)

PERSON = {p.key: p for p in PEOPLE}
PLACE = {p.key: p for p in PLACES}
PLACE_BY_NAME = {p.name: p for p in PLACES}

# name, type and static flag of every attribute the graph uses
ATTRIBUTES: tuple[tuple[str, str, bool], ...] = (
    ("name", "str", True), ("custom_id", "str", True), ("description", "str", True),
    ("date_of_birth", "date", True), ("sex_or_gender", "str", False),
    ("occupation", "str", False), ("place_of_birth", "str", False),
    ("country_of_citizenship", "str", False), ("employer", "str", False),
    ("member_of_sports_team", "str", False), ("member_of_political_party", "str", False),
    ("instance_of", "str", False), ("located_in", "str", False),
)


def summary(node: Person | Place, relevance_type: str, value: float) -> dict[str, Any]:
    """A Node Summary object."""
    return {"id": node.node_id, "custom_id": node.custom_id, "name": node.name,
            "type": "person" if isinstance(node, Person) else "node",
            "relevance": {"type": relevance_type, "value": value}}


def description(node: Person | Place) -> dict[str, Any]:
    """A Node Description object."""
    return {"id": node.node_id, "custom_id": node.custom_id, "name": node.name,
            "description": node.description,
            "type": "person" if isinstance(node, Person) else "node"}


def attributes(node: Person | Place) -> list[dict[str, str]]:
    """Attribute objects of a node; a multi-valued attribute repeats its name."""
    pairs = []
    if isinstance(node, Person):
        pairs.append(("date_of_birth", node.born.strftime("%d.%m.%Y.")))
    pairs += [("custom_id", node.custom_id), ("name", node.name),
              ("description", node.description)]
    if isinstance(node, Person):
        pairs.append(("sex_or_gender", node.gender))
        pairs += [("occupation", job) for job in node.occupations]
        pairs += [("place_of_birth", node.place_of_birth),
                  ("country_of_citizenship", node.citizenship),
                  (node.affiliation[0], PLACE[node.affiliation[1]].name)]
    else:
        pairs += [("instance_of", node.instance_of), ("located_in", node.located_in)]
    return [{"name": name, "value": value} for name, value in pairs]


def _facts(node: Person | Place) -> list[tuple[str, str]]:
    static = {name for name, _, is_static in ATTRIBUTES if is_static}
    return [(a["name"], a["value"]) for a in attributes(node) if a["name"] not in static]


def similar(person: Person) -> list[dict[str, Any]]:
    """Other people ranked by the number of non-static attribute values they share."""
    mine = set(_facts(person))
    scored = [(sum(fact in mine for fact in _facts(other)), other) for other in PEOPLE
              if other is not person]
    scored = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1].node_id))
    return [summary(other, "similar", score) for score, other in scored]


def related(person: Person, shared_jobs: dict[str, int]) -> list[dict[str, Any]]:
    """Places and organisations the person links to, and people seen in the same jobs."""
    links = [(2, PLACE_BY_NAME[person.place_of_birth]), (3, PLACE[person.affiliation[1]])]
    links += [(count, PERSON[key]) for key, count in shared_jobs.items()]
    links.sort(key=lambda link: (-link[0], link[1].node_id))
    return [summary(node, "related", value) for value, node in links]


def compare(node: Person, other: Person) -> list[dict[str, Any]]:
    """Attribute Comparison objects of ``node`` against ``other``."""
    theirs = {(a["name"], a["value"]) for a in attributes(other)}
    return [{"name": a["name"], "value": a["value"], "common": (a["name"], a["value"]) in theirs}
            for a in attributes(node)]


def attribute_descriptions() -> list[dict[str, Any]]:
    return [{"name": name, "description": None, "static": is_static, "type": kind}
            for name, kind, is_static in ATTRIBUTES]


def search_suggestions(attribute: str, query: str) -> list[str]:
    """The top five values of ``attribute`` containing ``query`` (case-insensitive)."""
    values = {a["value"] for node in (*PEOPLE, *PLACES) for a in attributes(node)
              if a["name"] == attribute and query.lower() in a["value"].lower()}
    return sorted(values)[:5]


def all_nodes() -> list[dict[str, Any]]:
    """Node summaries of the whole graph, by PageRank, highest first."""
    nodes = sorted((*PEOPLE, *PLACES), key=lambda n: (-n.pagerank, n.node_id))
    return [summary(node, "pagerank", node.pagerank) for node in nodes]
