"""The field check is open to every member of staff (audited and under quota)."""

from nforce.scoping import open_to_staff, scope

from .models import ContributionYear, Employer, Employment, InsuredPerson, NameWord

# NameWord: the words of employers' names, as open as the employers.
for _model in (Employer, InsuredPerson, Employment, ContributionYear, NameWord):
    scope(_model)(open_to_staff)
