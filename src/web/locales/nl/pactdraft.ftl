# Pactum (nl), pactdraft: het korte voorstel, en de sjablonen van de stad waaruit de tekst van het pact wordt opgesteld.

## Het korte voorstel
pact-short-intro = Begin met een kort voorstel: wat je wilt doen, waar, wie meedoet en wat je van de stad vraagt. Het blijft een privé-ontwerp tot je het verstuurt. De volledige tekst van het pact wordt later samen met de stad geschreven, vanuit het sjabloon van de stad.
pact-short-what = Wat
pact-short-title = Een naam voor je voorstel
pact-short-title-hint = Bijvoorbeeld "Moestuinbakken in de Lunetta-tuin".
pact-short-objectives = Wat wil je doen?
pact-short-objectives-hint = In een paar regels: wat je zou doen, hoe vaak en waarom.
pact-short-participants = Wie doet mee
pact-short-participants-hint = De mensen, groepen of verenigingen achter het voorstel, en ongeveer hoeveel.
pact-short-ask = Wat je van de stad vraagt
pact-short-ask-hint = Materiaal, een ruimte, advies, een verzekering... Laat leeg als je niets vraagt.
pact-short-when = Wanneer
pact-short-when-hint = Wanneer je wilt beginnen en eindigen. De data kunnen in het co-ontwerp nog veranderen.
pact-short-answers-call = Dit voorstel beantwoordt een oproep van de stad:
pact-short-call-number = oproep nr. { $id }
pact-short-call = Beantwoordt de oproep
field-pact-call-unknown = Deze oproep bestaat niet.

pact-proposal-ask = Wat de indieners van de stad vragen
## De tekst opstellen in co-ontwerp
pact-legal-hint = Een juridische clausule: geschreven door de dienst (vanuit het sjabloon van de stad).
pact-legal-office-only = Geschreven door de dienst van de stad vanuit haar sjabloon.
pact-clause-to-draft = Op te stellen in het co-ontwerp.
pact-text-still-missing = Voor de tekst voor ondertekening wordt vastgezet, moeten deze clausules geschreven zijn:
pact-refused-text-incomplete = Sommige clausules die de ondertekende tekst nodig heeft, zijn nog leeg: schrijf ze voor je de tekst vastzet.
pact-event-drafted = Tekst opgesteld vanuit het sjabloon van de stad

## De sjablonen van de stad
pact-templates-title = Sjablonen voor pacten
pact-templates-intro = Het co-ontwerp begint bij het sjabloon van de categorie van het gemeengoed: de clausules vullen aan wat het korte voorstel leeg liet. Een categorie zonder eigen sjabloon gebruikt het standaardsjabloon. Juridische clausules (aansprakelijkheid, beëindiging, geschillen) zijn van de dienst: de indieners kunnen ze niet wijzigen.
pact-template-category = Categorie
pact-template-state = Sjabloon
pact-template-default = Standaardsjabloon (elke categorie zonder eigen sjabloon)
pact-template-none = Nog geen sjabloon
pact-template-kept = Aanwezig
pact-template-blank = leeg
pact-template-edit = Sjabloon bewerken
pact-template-form-intro = Schrijf de clausules zoals de stad ze in elk pact van deze categorie wil. Elke clausule kan voor één pact nog in het co-ontwerp veranderen.
pact-template-save = Sjabloon opslaan
pact-template-saved = Het sjabloon is opgeslagen.
