# Pactum (en), pactdraft: the short proposal, and the city's templates the pact's text is drafted from.

## The short proposal
pact-short-intro = Start with a short proposal: what you want to do, where, who takes part and what you ask of the city. It stays a private draft until you send it. The full text of the pact is written later, together with the city, from the city's template.
pact-short-what = What
pact-short-title = A name for your proposal
pact-short-title-hint = For example "Vegetable beds in the Lunetta garden".
pact-short-objectives = What do you want to do?
pact-short-objectives-hint = In a few lines: what you would do, how often, and why.
pact-short-participants = Who takes part
pact-short-participants-hint = The people, groups or associations behind the proposal, and roughly how many.
pact-short-ask = What you ask of the city
pact-short-ask-hint = Materials, a space, advice, insurance... Leave it empty if you ask for nothing.
pact-short-when = When
pact-short-when-hint = When you would like to start and end. The dates can change in co-design.
pact-short-answers-call = This proposal answers a call of the city:
pact-short-call-number = call no. { $id }
pact-short-call = Answers the call
field-pact-call-unknown = This call does not exist.

pact-proposal-ask = What the proposers ask of the city

## Drafting the text in co-design
pact-legal-hint = A legal clause: written by the office (from the city's template).
pact-legal-office-only = Written by the city's office from its template.
pact-clause-to-draft = To be drafted in co-design.
pact-text-still-missing = Before the text can be frozen for signature, these clauses must be written:
pact-refused-text-incomplete = Some clauses the signed text needs are still empty: write them before freezing the text.
pact-event-drafted = Text drafted from the city's template

## The city's templates
pact-templates-title = Pact templates
pact-templates-intro = Co-design starts from the template of the commons' category: its clauses fill what the short proposal left empty. A category without a template of its own uses the default template. Legal clauses (liability, termination, disputes) are the office's: proposers cannot change them.
pact-template-category = Category
pact-template-state = Template
pact-template-default = Default template (every category without its own)
pact-template-none = No template yet
pact-template-kept = Kept
pact-template-blank = empty
pact-template-edit = Edit the template
pact-template-form-intro = Write the clauses as the city wants them in every pact of this category. Each clause can still be changed for one pact in co-design.
pact-template-save = Save the template
pact-template-saved = The template was saved.
