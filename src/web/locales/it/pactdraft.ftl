# Pactum (it), pactdraft: la proposta breve, e i modelli della città da cui si redige il testo del patto.

## La proposta breve
pact-short-intro = Inizia con una proposta breve: che cosa volete fare, dove, chi partecipa e che cosa chiedete al Comune. Resta una bozza privata finché non la invii. Il testo completo del patto si scrive dopo, insieme al Comune, a partire dal modello del Comune.
pact-short-what = Che cosa
pact-short-title = Un nome per la proposta
pact-short-title-hint = Per esempio "Orti nel giardino della Lunetta".
pact-short-objectives = Che cosa volete fare?
pact-short-objectives-hint = In poche righe: che cosa fareste, con quale frequenza e perché.
pact-short-participants = Chi partecipa
pact-short-participants-hint = Le persone, i gruppi o le associazioni che propongono, e circa quanti siete.
pact-short-ask = Che cosa chiedete al Comune
pact-short-ask-hint = Materiali, uno spazio, consulenza, assicurazione... Lascia vuoto se non chiedete nulla.
pact-short-when = Quando
pact-short-when-hint = Quando vorreste iniziare e finire. Le date possono cambiare nella co-progettazione.
pact-short-answers-call = Questa proposta risponde a un avviso del Comune:
pact-short-call-number = avviso n. { $id }
pact-short-call = Risponde all'avviso
field-pact-call-unknown = Questo avviso non esiste.

pact-proposal-ask = Che cosa chiedono al Comune i proponenti
## La redazione del testo nella co-progettazione
pact-legal-hint = Una clausola legale: la scrive l'ufficio (dal modello del Comune).
pact-legal-office-only = Scritta dall'ufficio del Comune a partire dal suo modello.
pact-clause-to-draft = Da redigere nella co-progettazione.
pact-text-still-missing = Prima di congelare il testo per la firma, vanno scritte queste clausole:
pact-refused-text-incomplete = Alcune clausole necessarie al testo firmato sono ancora vuote: scrivile prima di congelare il testo.
pact-event-drafted = Testo redatto dal modello del Comune

## I modelli del Comune
pact-templates-title = Modelli di patto
pact-templates-intro = La co-progettazione parte dal modello della categoria del bene: le sue clausole completano ciò che la proposta breve ha lasciato vuoto. Una categoria senza un modello proprio usa il modello predefinito. Le clausole legali (responsabilità, recesso, controversie) sono dell'ufficio: i proponenti non possono cambiarle.
pact-template-category = Categoria
pact-template-state = Modello
pact-template-default = Modello predefinito (ogni categoria senza un modello proprio)
pact-template-none = Nessun modello
pact-template-kept = Presente
pact-template-blank = vuoto
pact-template-edit = Modifica il modello
pact-template-form-intro = Scrivi le clausole come il Comune le vuole in ogni patto di questa categoria. Ogni clausola si può ancora cambiare per un singolo patto nella co-progettazione.
pact-template-save = Salva il modello
pact-template-saved = Il modello è stato salvato.
