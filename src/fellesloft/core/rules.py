"""The core pages' permissions that belong to no app: «Mitt arbeid» is every logged-in
person's own page (what waits for them is decided by each app's policy, core.work)."""

import rules

rules.add_perm("core.open_my_work", rules.is_authenticated)
