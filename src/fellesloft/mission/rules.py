"""Who may do what in the mission app: everyone reads (it is open data); the mission lead
writes. A goal is seen with its mission, an observation with its indicator."""

import rules

from fellesloft.core.policy import related, visibility
from fellesloft.mission.models import Goal, Indicator, Mission, Observation
from fellesloft.organisations.rules import anyone, is_mission_lead

can_view_mission = visibility(Mission, "mission.view_mission", anyone)
can_view_indicator = visibility(Indicator, "mission.view_indicator", anyone)
visibility(Goal, "mission.view_goal", related("mission", can_view_mission))
visibility(Observation, "mission.view_observation", related("indicator", can_view_indicator))

rules.add_perm("mission.change_mission", is_mission_lead)
rules.add_perm("mission.add_goal", is_mission_lead)
rules.add_perm("mission.change_goal", is_mission_lead)
rules.add_perm("mission.delete_goal", is_mission_lead)
rules.add_perm("mission.add_indicator", is_mission_lead)
rules.add_perm("mission.change_indicator", is_mission_lead)
rules.add_perm("mission.import_observations", is_mission_lead)
rules.add_perm("mission.manage_reference_lists", is_mission_lead)
