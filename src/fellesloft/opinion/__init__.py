"""The opinion engine: Pol.is-style opinion groups, representative statements and consensus.

Pure Python on NumPy and SciPy – no Django – so the dialogs app, the command line and the
benchmarks share it. See README.md beside this file for the maths.

    from fellesloft.opinion import analyse
    result = analyse([("anna", "s1", 1), ("bo", "s1", -1), ...], moderated_out={"s7"}, seed=0)
    result.groups[0].representative[0].statement
"""

from .engine import analyse
from .result import (
    Analysis,
    ConsensusStatement,
    DivisiveStatement,
    Group,
    Participant,
    RepresentativeStatement,
    Statement,
    WarmState,
)
from .stats import MIN_FINDING_VOTES
from .votes import OpinionInputError, VoteLog

__all__ = [
    "Analysis",
    "ConsensusStatement",
    "DivisiveStatement",
    "Group",
    "MIN_FINDING_VOTES",
    "OpinionInputError",
    "Participant",
    "RepresentativeStatement",
    "Statement",
    "VoteLog",
    "WarmState",
    "analyse",
]
