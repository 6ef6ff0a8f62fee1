"""Who may do what in the mission app: everyone reads; the mission lead writes."""

import rules

from fellesloft.organisations.rules import is_mission_lead

rules.add_perm("mission.view_mission", rules.always_allow)
rules.add_perm("mission.change_mission", is_mission_lead)
rules.add_perm("mission.add_goal", is_mission_lead)
rules.add_perm("mission.change_goal", is_mission_lead)
rules.add_perm("mission.delete_goal", is_mission_lead)
rules.add_perm("mission.view_indicator", rules.always_allow)
rules.add_perm("mission.add_indicator", is_mission_lead)
rules.add_perm("mission.change_indicator", is_mission_lead)
rules.add_perm("mission.import_observations", is_mission_lead)
rules.add_perm("mission.manage_reference_lists", is_mission_lead)
