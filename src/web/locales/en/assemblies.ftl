# Assemblies and Chambers of the Commons

nav-assemblies = Assemblies
bodies-title = Assemblies and Chambers of the Commons
bodies-intro = Assemblies bring together the people who care for the commons of a territory or a theme; Chambers bring together the organisations that work for them. Both speak with one voice to the city.
bodies-none = There is no assembly or chamber yet.
bodies-new = New assembly or chamber
bodies-create = Create
body-kind-assembly = Assembly of the Commons
body-kind-chamber = Chamber of the Commons
body-joining-open = Anyone may join
body-joining-approval = A facilitator admits each request
member-status-pending = request waiting
member-status-member = member
member-status-refused = request refused
member-status-left = left
body-whole-city = Whole city
body-member-count = { $count ->
    [0] No members yet
    [one] One member
   *[other] { $count } members
}
body-supporters-count = { $count ->
    [one] One supporter
   *[other] { $count } supporters
}
body-requests-count = { $count ->
    [0] No request waiting
    [one] One request waiting
   *[other] { $count } requests waiting
}
body-charter = Charter
body-members = Members
body-see-members = see the list
body-chamber-admits = Organisations admitted by a facilitator:
body-motion-threshold = A motion goes to a vote with
body-facilitators = Facilitators
body-no-facilitators = None named yet.
body-facilitator-remove = Remove
body-facilitator-add = Name facilitator
body-facilitator-added = The facilitator was named.
body-facilitator-removed = The facilitator was removed.
body-your-membership = Your membership
body-you-are-member = You are a member.
body-you-asked = You asked to join; a facilitator will decide.
body-join = Join
body-ask-to-join = Ask to join
body-leave = Leave
body-withdraw-request = Withdraw my request
body-joined = You joined.
body-requested = Your request was sent to the facilitators.
body-left = Done: the membership has ended.
body-chamber-how = Members of a chamber are organisations. The referent of an association, cooperative, social enterprise or informal group asks for it to join.
body-group-not-member = not a member
body-ask-for-group = Ask for { $group } to join
body-take-group-out = Take { $group } out
body-delegate-referent = The referent
body-delegate-save = Save
body-delegate-saved = The delegate was saved.
body-run = Run this body
body-edit = Edit the settings
body-save = Save
body-saved = The settings were saved.
body-created = The body was created. Name its facilitators below.
body-requests = Requests to join
body-no-requests = No request is waiting.
body-no-members = No members yet.
body-member-name = Name
body-member-voter = Votes for it
body-member-since = Member since
body-member-asked = Asked on
body-decision = Decision
body-admit = Admit { $name }
body-refuse = Refuse { $name }
body-decided = The decision was recorded.
body-member-removed = The member was removed.
body-already-member = That membership already exists.
body-request-decided = That request was already decided.
body-not-member = That is not a current member.
body-not-referent = Only a group's referent can act for it.
field-body-kind = Kind of body
field-body-kind-invalid = Choose an assembly or a chamber
field-body-kind-fixed = The kind of a body cannot change
field-body-name = Name
field-body-name-required = Enter the name
field-body-name-invalid = Enter a name of at most 120 characters with letters or digits
field-body-name-taken = Another body already has this name
field-body-charter = Charter
field-body-charter-hint = What the body is for and how it works.
field-body-district = Territory
field-body-district-invalid = Choose a district from the list
field-body-theme = Theme (optional)
field-body-theme-hint = For example: urban gardens, digital commons.
field-body-theme-invalid = Enter a theme of at most 120 characters
field-body-joining = Joining
field-body-joining-invalid = Choose how members join
field-body-chamber-approval = A chamber admits each organisation: choose approval by a facilitator
field-body-admits = Organisations a chamber admits
field-body-admits-hint = Only for a chamber.
field-body-admits-invalid = Choose kinds from the list
field-body-admits-required = Choose at least one kind of organisation for a chamber
field-body-admits-assembly = An assembly's members are people: leave the kinds of organisation empty
field-body-threshold = Supporters a motion needs to go to a vote
field-body-threshold-hint = A whole number from 1 to 1000.
field-body-threshold-invalid = Enter a whole number from 1 to 1000
field-body-facilitator = Facilitator's e-mail address
field-body-facilitator-hint = The person must have an account.
field-body-facilitator-unknown = No account has this e-mail address
field-body-delegate = Who votes for it
field-body-delegate-invalid = Choose a member of the group
field-body-reason = Reason
field-body-reason-required = Give the reason

# Meetings
meetings = Meetings
meetings-calendar-feed = Calendar feed (.ics)
meetings-upcoming = Coming up
meetings-past = Past meetings
meetings-none-upcoming = No meeting planned.
meeting-new = Plan a meeting
meeting-plan = Plan the meeting
meeting-planned = The meeting was planned.
meeting-when = When
meeting-attendance = Attendance
meeting-present-count = { $count ->
    [0] Attendance not taken yet
    [one] One member present
   *[other] { $count } members present
}
meeting-add-to-calendar = Add to my calendar (.ics)
meeting-agenda = Agenda
meeting-no-agenda = No agenda yet.
meeting-minutes = Minutes
meeting-no-minutes = The minutes are not published yet.
meeting-minutes-published-on = Published on
meeting-minutes-published = The minutes were published.
meeting-take-attendance = Take attendance
meeting-who-present = Who was present
meeting-save-attendance = Save attendance
meeting-attendance-saved = The attendance was saved.
meeting-publish-minutes = Publish the minutes
meeting-cancel = Cancel the meeting
meeting-cancelled-done = The meeting was cancelled.
meeting-is-cancelled = Cancelled
meeting-cancelled = That meeting was cancelled.
agenda-kind-free = item
agenda-kind-pact = pact
agenda-kind-commons = commons
field-meeting-title = Title
field-meeting-title-required = Enter the title
field-meeting-title-invalid = Enter a title of at most 200 characters
field-meeting-starts = Starts
field-meeting-ends = Ends
field-meeting-time-hint = Date and time, for example 2026-12-10 18:30.
field-meeting-time-invalid = Enter a date and a time
field-meeting-end-invalid = The meeting must end after it starts, within a day
field-meeting-place = Place
field-meeting-place-hint = An address or a room; leave empty for an online meeting.
field-meeting-place-invalid = Enter a place of at most 300 characters
field-meeting-where-required = Enter a place, an online link, or both
field-meeting-url = Online link
field-meeting-url-invalid = Enter a link starting with https://
field-meeting-agenda = Agenda
field-meeting-agenda-hint = One item per line. To link a pact or a commons, start the line with its address, for example /pacts/12.
field-meeting-agenda-too-long = An agenda has at most 50 items
field-meeting-agenda-invalid = Each item has at most 200 characters
field-meeting-agenda-link-unknown = A linked pact or commons does not exist or is not public
field-meeting-minutes-required = Write the minutes
