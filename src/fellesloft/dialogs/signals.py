"""What the dialog services announce for the background work (tasks.py listens).

The tasks call the services, so the services do not import the tasks: they send these signals,
and tasks.py, loaded by the app's ready(), enqueues the work. Sender: the Dialog model.
"""

from django.dispatch import Signal

# dialog_id, phase: votes or published statements changed, so the analysis is out of date.
analysis_requested = Signal()
# run_after: when the participant data of a closed dialog may be purged.
purge_due = Signal()
# dialog_id: an outcome («Dette skjedde videre») was added or changed, or the results became
# public: the participants who asked to be told may have news.
outcomes_changed = Signal()
