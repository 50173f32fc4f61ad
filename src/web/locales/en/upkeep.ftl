# The registry's upkeep: editing, retiring, reconsidering, merging, photo moderation.
owner-unknown = Not known
condition-good = Good
condition-fair = Fair
condition-poor = Poor
condition-unusable = Not usable
condition-unknown = Not known
status-retired = Retired
status-merged = Merged into another commons
commons-event-edited = Edited
commons-event-retired = Retired by the city
commons-event-reconsidered = Reconsidered by the city
commons-event-merged-into = Merged into another commons as a duplicate
commons-event-merged-from = A duplicate was merged into this commons
commons-event-photo-deleted = Photo deleted
commons-event-photo-hidden = Photo hidden by the city
commons-event-photo-shown = Photo shown again
ledger-kind-commons-retired = A commons was retired
ledger-kind-commons-merged = A duplicate commons was merged into another
field-commons-condition-invalid = Choose a condition from the list
field-commons-edit-reason-required = Say why you make this change (at least 5 characters)
error-commons-edited-meanwhile = Someone changed this commons while you were editing it. Open the edit form again to see their change, then make yours.
error-commons-merged = This commons was already merged into another one.
field-commons-merge-unknown = There is no commons with this number
field-commons-merge-same = A commons cannot be merged into itself
field-commons-merge-unfit = This commons cannot take the duplicate: it was declined or merged itself
field-commons-merge-into-invalid = Type the number of the commons to keep, such as 12
commons-edited = The changes were saved and added to the history.
commons-edit-nothing = Nothing was changed.
commons-merged = The duplicate was merged: its pacts, calls and photos are now here, and its old address leads here.
commons-retired = The commons was retired. It stays visible as retired.
commons-reconsidered = The proposal is under review again.
commons-photo-deleted = The photo was deleted.
commons-photo-hidden = The photo is hidden from the public.
commons-photo-shown = The photo is shown again.
commons-office-fields = What the commons office records
commons-office-fields-hint = Only the city's officials change these.
field-commons-asset-code = Asset or cadastral code
field-commons-asset-code-hint = As in the city's asset register or the land registry, if it has one.
field-commons-condition = Condition
field-commons-restrictions = Heritage or use restrictions
field-commons-restrictions-hint = Listed building, protected trees, opening hours set by the owner, and similar.
commons-edit-title = Edit “{ $name }”
commons-edit-intro = Every change is kept in the commons' public history, with your name and your reason.
field-commons-edit-reason = Why you make this change
field-commons-edit-reason-hint = Shown in the history, for example “The address was wrong”.
commons-edit-submit = Save the changes
commons-edit-cancel = Cancel
commons-edit-link = Edit this commons
commons-retired-on = Retired on { $date }.
commons-photo-is-hidden = Hidden from the public:
commons-photo-delete = Delete
commons-photo-delete-named = Delete the photo “{ $alt }”
commons-photo-show = Show it again
commons-photo-hide = Hide this photo
field-photo-hide-reasons = Why it is hidden (at least 10 characters)
commons-photo-hide-submit = Hide the photo
commons-changes-count = { $count ->
    [one] One field changed
   *[other] { $count } fields changed
}
commons-field-name = Name
commons-field-description = Description
commons-field-kind = Kind
commons-field-category = Category
commons-field-provisioning = Provisioning systems
commons-field-location = Location
commons-field-site = Site outline
commons-field-address = Address
commons-field-owner = Owner
commons-field-why = Why it is a commons
commons-field-rules = Rules of use
commons-field-licence = Licence
commons-field-asset-code = Asset or cadastral code
commons-field-condition = Condition
commons-field-restrictions = Restrictions
commons-decision-retire = Retire
commons-decision-reconsider = Reconsider
commons-merge-title = Merge a duplicate
commons-merge-intro = If this commons was registered twice, merge it into the one to keep: its pacts, calls and photos move there and this page's address leads there.
field-commons-merge-into = Number of the commons to keep
field-commons-merge-into-hint = The number at the end of its address, as in /commons/12.
commons-merge-submit = Merge into that commons
commons-timeline = Stewardship timeline
commons-volunteer-hours = { $hours ->
    [one] One volunteer hour reported
   *[other] { $hours } volunteer hours reported
}
commons-timeline-json = The timeline as JSON
timeline-pact-draft = A pact was drafted
timeline-pact-submitted = A pact was proposed
timeline-pact-awaiting-integration = The city asked for more about a pact
timeline-pact-published = A pact was published for observations
timeline-pact-in-review = A pact went to the city's offices for review
timeline-pact-co-design = A pact entered co-design
timeline-pact-rejected = A pact was rejected
timeline-pact-awaiting-signatures = A pact's text awaits signatures
timeline-pact-signed = A pact was signed
timeline-pact-monitoring = A pact is in force and monitored
timeline-pact-suspended = A pact was suspended
timeline-pact-concluded = A pact was concluded
timeline-pact-withdrawn = A pact was withdrawn
timeline-pact-report = { $hours ->
    [one] A monitoring report: one volunteer hour
   *[other] A monitoring report: { $hours } volunteer hours
}
timeline-pact-adherents = { $count ->
    [one] One person joined a pact
   *[other] { $count } people joined a pact
}
timeline-call-published = The city published a call
timeline-call-chosen = The city chose a proposal in a call
timeline-call-cancelled = The city cancelled a call
