"""The engine's output: plain, immutable dataclasses (ids are the caller's own ids)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Literal

import numpy as np

Direction = Literal["agree", "disagree"]


@dataclass(frozen=True, slots=True)
class Participant:
    """One participant: the 2-D position and whether and where they were clustered."""

    id: object
    x: float
    y: float
    n_votes: int  # votes that count (latest per statement, passes included, moderation applied)
    clustered: bool
    base_cluster: int | None  # index of the base cluster, None when not clustered
    group: int | None  # opinion group id, None when not clustered


@dataclass(frozen=True, slots=True)
class RepresentativeStatement:
    """A statement that sets a group apart. `z` is the two-proportion test statistic against
    all other groups in `direction`; `probability` is the group's own (pseudocounted) share."""

    statement: object
    direction: Direction
    n_success: int  # group members who voted in `direction`
    n_seen: int  # group members who voted on it (passes included)
    probability: float  # (n_success + 1) / (n_seen + 2)
    probability_z: float  # one-proportion z of `probability` against ½
    agree_ratio: float  # pa(group) / pa(others)
    disagree_ratio: float  # pd(group) / pd(others)
    z: float  # representativeness z in `direction`
    best_agree: bool  # chosen as the statement the group agrees with most distinctively


@dataclass(frozen=True, slots=True)
class Group:
    """An opinion group. Ids are stable between recomputes when `previous` is passed."""

    id: int
    size: int
    members: tuple[object, ...]
    centre: tuple[float, float]
    representative: tuple[RepresentativeStatement, ...]


@dataclass(frozen=True, slots=True)
class ConsensusStatement:
    """A statement that clustered participants as a whole agree (or disagree) with."""

    statement: object
    direction: Direction
    n_success: int
    n_seen: int
    probability: float
    z: float


@dataclass(frozen=True, slots=True)
class DivisiveStatement:
    """A statement on which the groups differ most: `divisiveness` ∈ [0, 1) is half the range of
    the groups' net agreement (pa − pd); `z` the test between the two extreme groups."""

    statement: object
    divisiveness: float
    z: float
    most_agreeing_group: int
    least_agreeing_group: int


@dataclass(frozen=True, slots=True)
class Statement:
    """Per-statement figures over everybody who voted (moderated-out statements are all zero)."""

    id: object
    moderated_out: bool
    n_agree: int
    n_disagree: int
    n_pass: int
    x: float  # where a participant agreeing with only this statement would be
    y: float
    extremity: float  # distance of (x, y) from the centre
    group_aware_consensus_agree: float  # Π over groups of (agree + 1)/(seen + 2)
    group_aware_consensus_disagree: float
    divisiveness: float
    priority: float  # weight for choosing the next statement to show (higher first)

    @property
    def n_seen(self) -> int:
        return self.n_agree + self.n_disagree + self.n_pass


STATE_VERSION = 1


@dataclass(frozen=True, eq=False)
class WarmState:
    """What a recompute needs from the previous result to start from it and keep its groups:
    the axes, the base and group centres, who was in which group and the k-smoother.
    `to_json` / `from_json` give a plain JSON object to keep with a stored analysis."""

    statement_ids: np.ndarray
    components: np.ndarray  # (2, S)
    base_centres: np.ndarray  # (b, 2)
    group_centres: dict[int, np.ndarray]  # k → (k, 2) centres of the best clustering for k
    participant_ids: np.ndarray
    participant_groups: np.ndarray  # (P,) group id or −1
    # Pol.is' k-smoother: (best k last time, times in a row, k shown); None without groups
    k_smoother: tuple[int, int, int] | None = None

    def to_json(self) -> dict:
        """A JSON-ready dict (ids stay ints or strings; members listed per group)."""
        groups: dict[str, list] = {}
        ids = self.participant_ids.tolist()
        for pid, group in zip(ids, self.participant_groups.tolist(), strict=True):
            if group >= 0:
                groups.setdefault(str(group), []).append(pid)
        return {
            "version": STATE_VERSION,
            "statements": self.statement_ids.tolist(),
            "components": self.components.tolist(),
            "base_centres": self.base_centres.tolist(),
            "group_centres": {str(k): c.tolist() for k, c in self.group_centres.items()},
            "groups": groups,
            "k_smoother": list(self.k_smoother) if self.k_smoother else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> WarmState:
        """The state `to_json` wrote; raises ValueError on anything else."""
        from .votes import _as_id_array

        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            raise ValueError("not an opinion engine state (version 1)")
        try:
            statements = _as_id_array(list(data["statements"]))
            components = np.asarray(data["components"], dtype=np.float64).reshape(2, -1)
            if components.shape[1] != len(statements):
                raise ValueError("components and statements differ in length")
            base = np.asarray(data["base_centres"], dtype=np.float64).reshape(-1, 2)
            group_centres = {
                int(k): np.asarray(c, dtype=np.float64).reshape(-1, 2)
                for k, c in dict(data["group_centres"]).items()
            }
            members: list[object] = []
            labels: list[int] = []
            for group, pids in dict(data["groups"]).items():
                members += list(pids)
                labels += [int(group)] * len(pids)
            smoother = data.get("k_smoother")
            k_smoother = tuple(int(v) for v in smoother) if smoother else None
            if k_smoother is not None and len(k_smoother) != 3:
                raise ValueError("k_smoother needs three numbers")
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed opinion engine state: {error}") from error
        return cls(
            statement_ids=statements,
            components=components,
            base_centres=base,
            group_centres=group_centres,
            participant_ids=_as_id_array(members),
            participant_groups=np.asarray(labels, dtype=np.int64),
            k_smoother=k_smoother,  # type: ignore[arg-type]
        )


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything the engine computed for one conversation."""

    participants: tuple[Participant, ...]
    statements: tuple[Statement, ...]
    groups: tuple[Group, ...]
    consensus_agree: tuple[ConsensusStatement, ...]
    consensus_disagree: tuple[ConsensusStatement, ...]
    divisive: tuple[DivisiveStatement, ...]
    n_votes: int  # votes that count
    silhouettes: dict[int, float]  # k → silhouette of the best clustering with k groups
    explained_variance: tuple[float, float]  # share of the centred matrix's variance per axis
    timings_ms: dict[str, float]
    state: WarmState | None = field(default=None, repr=False)

    def participant(self, participant_id: object) -> Participant:
        for participant in self.participants:
            if participant.id == participant_id:
                return participant
        raise KeyError(participant_id)

    def statement(self, statement_id: object) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(statement_id)

    def group_of(self) -> dict[object, int | None]:
        """Participant id → group id (None when not clustered)."""
        return {participant.id: participant.group for participant in self.participants}


def fast_constructor(cls: type) -> type:
    """A faster way to make instances of the frozen, slotted dataclass `cls`, for the rows
    an analysis returns by the thousand (participants, statements).

    A frozen dataclass' `__init__` sets each field through `object.__setattr__`, about four
    times slower than plain assignment. The returned class has the same slots; its
    `__init__` assigns them plainly and then turns the object into a `cls` (same memory
    layout, which CPython allows). The result is an ordinary, frozen `cls` instance, equal
    to `cls(*values)`."""
    names = [f.name for f in fields(cls)]
    if tuple(names) != tuple(cls.__slots__):
        raise TypeError(f"{cls.__name__}: fields and slots differ")
    body = "".join(f"    self.{name} = {name}\n" for name in names)
    source = f"def __init__(self, {', '.join(names)}):\n{body}    self.__class__ = cls\n"
    namespace: dict[str, object] = {"cls": cls}
    exec(source, namespace)  # noqa: S102 – generated from the dataclass' own field names
    return type(
        f"_{cls.__name__}Builder",
        (),
        {"__slots__": cls.__slots__, "__init__": namespace["__init__"]},
    )
