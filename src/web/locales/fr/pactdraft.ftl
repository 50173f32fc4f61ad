# Pactum (fr), pactdraft : la proposition courte, et les modèles de la ville d’où le texte du pacte est rédigé.

## La proposition courte
pact-short-intro = Commencez par une proposition courte : ce que vous voulez faire, où, qui participe et ce que vous demandez à la ville. Elle reste un brouillon privé jusqu’à son envoi. Le texte complet du pacte s’écrit ensuite, avec la ville, à partir du modèle de la ville.
pact-short-what = Quoi
pact-short-title = Un nom pour votre proposition
pact-short-title-hint = Par exemple « Potagers dans le jardin de la Lunetta ».
pact-short-objectives = Que voulez-vous faire ?
pact-short-objectives-hint = En quelques lignes : ce que vous feriez, à quelle fréquence et pourquoi.
pact-short-participants = Qui participe
pact-short-participants-hint = Les personnes, groupes ou associations derrière la proposition, et combien vous êtes environ.
pact-short-ask = Ce que vous demandez à la ville
pact-short-ask-hint = Du matériel, un espace, des conseils, une assurance… Laissez vide si vous ne demandez rien.
pact-short-when = Quand
pact-short-when-hint = Quand vous aimeriez commencer et finir. Les dates peuvent changer pendant la co-conception.
pact-short-answers-call = Cette proposition répond à un appel de la ville :
pact-short-call-number = appel n° { $id }
pact-short-call = Répond à l’appel
field-pact-call-unknown = Cet appel n’existe pas.

pact-proposal-ask = Ce que les proposants demandent à la ville
## La rédaction du texte en co-conception
pact-legal-hint = Une clause juridique : rédigée par le service (à partir du modèle de la ville).
pact-legal-office-only = Rédigée par le service de la ville à partir de son modèle.
pact-clause-to-draft = À rédiger en co-conception.
pact-text-still-missing = Avant de figer le texte pour la signature, ces clauses doivent être rédigées :
pact-refused-text-incomplete = Des clauses nécessaires au texte signé sont encore vides : rédigez-les avant de figer le texte.
pact-event-drafted = Texte rédigé à partir du modèle de la ville

## Les modèles de la ville
pact-templates-title = Modèles de pacte
pact-templates-intro = La co-conception part du modèle de la catégorie du bien commun : ses clauses complètent ce que la proposition courte a laissé vide. Une catégorie sans modèle propre utilise le modèle par défaut. Les clauses juridiques (responsabilité, résiliation, litiges) sont celles du service : les proposants ne peuvent pas les changer.
pact-template-category = Catégorie
pact-template-state = Modèle
pact-template-default = Modèle par défaut (toute catégorie sans modèle propre)
pact-template-none = Pas encore de modèle
pact-template-kept = Présent
pact-template-blank = vide
pact-template-edit = Modifier le modèle
pact-template-form-intro = Rédigez les clauses comme la ville les veut dans chaque pacte de cette catégorie. Chaque clause peut encore changer pour un pacte en co-conception.
pact-template-save = Enregistrer le modèle
pact-template-saved = Le modèle a été enregistré.
