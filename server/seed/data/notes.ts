import { type UiLanguage } from '../../../common/locales.ts';
import { type ReasonCode } from './reasons.ts';

export type Translated = Readonly<Record<UiLanguage, string>>;

/**
 * Wrap-up notes as agents write them, per contact reason, in every language: the seed writes a
 * note in the customer's language, or in English when the agent does not speak it (a central
 * expert helping a Polish customer). Neutral about the carrier, so they fit every country.
 */
export const NOTES: Readonly<Record<ReasonCode, readonly Translated[]>> = {
  where_is_my_order: [
    {
      en: 'Customer called about a delayed delivery; shared the tracking link and the expected delivery date.',
      nl: 'Klant belt over vertraagde levering, track & trace gedeeld.',
      de: 'Kunde fragt nach verspäteter Lieferung; Sendungsverfolgung und voraussichtlichen Liefertermin mitgeteilt.',
      fr: 'Client appelle pour une livraison en retard ; lien de suivi et date de livraison estimée communiqués.',
      es: 'El cliente llama por un retraso en la entrega; se le facilita el enlace de seguimiento y la fecha estimada.',
      it: 'Il cliente chiama per una consegna in ritardo; condiviso il link di tracciamento e la data di consegna prevista.',
      pl: 'Klient dzwoni w sprawie opóźnionej dostawy; przekazano link do śledzenia przesyłki i przewidywany termin doręczenia.',
    },
    {
      en: 'Parcel has been at the sorting centre for three days. Reassured the customer; we open an investigation after five working days.',
      nl: 'Pakket ligt al drie dagen in het sorteercentrum. Klant gerustgesteld; na vijf werkdagen starten we een onderzoek.',
      de: 'Paket liegt seit drei Tagen im Verteilzentrum. Kunden beruhigt; nach fünf Werktagen stellen wir einen Nachforschungsauftrag.',
      fr: 'Colis bloqué depuis trois jours au centre de tri. Client rassuré ; enquête ouverte si rien ne bouge sous cinq jours ouvrés.',
      es: 'El paquete lleva tres días en el centro de clasificación. Se tranquiliza al cliente; si en cinco días hábiles no avanza, abrimos una reclamación.',
      it: 'Il pacco è fermo da tre giorni al centro di smistamento. Cliente rassicurato; dopo cinque giorni lavorativi apriamo una verifica.',
      pl: 'Paczka od trzech dni leży w sortowni. Uspokojono klienta; jeśli w ciągu pięciu dni roboczych nic się nie zmieni, złożymy reklamację.',
    },
  ],
  return_request: [
    {
      en: 'Return registered; prepaid return label sent by email.',
      nl: 'Retour aangemeld; gratis retourlabel per e-mail verstuurd.',
      de: 'Rücksendung angemeldet, kostenloses Retourenetikett per E-Mail verschickt.',
      fr: 'Retour enregistré ; étiquette de retour prépayée envoyée par e-mail.',
      es: 'Devolución registrada; etiqueta de devolución prepagada enviada por correo electrónico.',
      it: 'Reso registrato; etichetta di reso prepagata inviata via e-mail.',
      pl: 'Zwrot zarejestrowany; opłacona etykieta zwrotna wysłana e-mailem.',
    },
    {
      en: 'Customer wants to return the garden set: too big for the balcony. Explained that it is collected at home; pickup booked.',
      nl: 'Klant wil de tuinset retourneren, te groot voor het balkon. Uitgelegd dat we hem ophalen; ophaalmoment ingepland.',
      de: 'Kunde möchte die Gartengarnitur zurückgeben, zu groß für den Balkon. Erklärt, dass sie abgeholt wird; Abholtermin gebucht.',
      fr: "Le client souhaite retourner le salon de jardin, trop grand pour le balcon. Expliqué qu'il est enlevé à domicile ; enlèvement planifié.",
      es: 'El cliente quiere devolver el conjunto de jardín porque es demasiado grande para el balcón. Se explica que lo recogemos a domicilio; recogida programada.',
      it: 'Il cliente vuole rendere il set da giardino, troppo grande per il balcone. Spiegato che lo ritiriamo a domicilio; ritiro prenotato.',
      pl: 'Klient chce zwrócić zestaw ogrodowy, bo jest za duży na balkon. Wyjaśniono, że odbierzemy go z domu; odbiór umówiony.',
    },
  ],
  refund_status: [
    {
      en: 'Customer asked about the refund. Return has arrived; the amount is refunded within 5 working days.',
      nl: 'Klant vraagt naar terugbetaling. Retour is binnen, bedrag wordt binnen 5 werkdagen teruggestort.',
      de: 'Kunde fragt nach der Erstattung. Retoure ist eingegangen, Betrag wird innerhalb von 5 Werktagen zurückgebucht.',
      fr: 'Le client demande où en est son remboursement. Retour bien reçu, remboursement sous 5 jours ouvrés.',
      es: 'El cliente pregunta por el reembolso. La devolución ya se ha recibido; el importe se abonará en un plazo de 5 días hábiles.',
      it: 'Il cliente chiede informazioni sul rimborso. Reso ricevuto, il rimborso verrà effettuato entro 5 giorni lavorativi.',
      pl: 'Klient pyta o zwrot pieniędzy. Zwrot dotarł do magazynu, środki zostaną przelane w ciągu 5 dni roboczych.',
    },
  ],
  delivery_complaint: [
    {
      en: 'Parcel shows as delivered but the customer has not received it. Asked the carrier to investigate; we get back to the customer within 48 hours.',
      nl: 'Pakket staat als bezorgd, maar klant heeft niets ontvangen. Onderzoek gestart bij de vervoerder; klant hoort binnen 48 uur van ons.',
      de: 'Paket laut Sendungsverfolgung zugestellt, aber nicht angekommen. Nachforschungsauftrag beim Versanddienstleister gestellt; Rückmeldung an den Kunden innerhalb von 48 Stunden.',
      fr: 'Colis indiqué comme livré mais non reçu. Enquête ouverte auprès du transporteur ; retour au client sous 48 h.',
      es: 'El paquete figura como entregado, pero el cliente no lo ha recibido. Abierta una reclamación con la empresa de transporte; respuesta al cliente en 48 horas.',
      it: "Il pacco risulta consegnato ma il cliente non l'ha ricevuto. Aperta una verifica con il corriere; risposta al cliente entro 48 ore.",
      pl: 'Paczka oznaczona jako doręczona, ale klient jej nie otrzymał. Zgłoszono reklamację u przewoźnika; odpowiedź dla klienta w ciągu 48 godzin.',
    },
  ],
  damaged_item: [
    {
      en: 'Item arrived damaged. Customer sent photos; replacement sent at no cost.',
      nl: "Artikel beschadigd aangekomen. Klant heeft foto's gestuurd; vervangend artikel kosteloos verzonden.",
      de: 'Artikel beschädigt angekommen. Kunde hat Fotos geschickt; Ersatz kostenlos versendet.',
      fr: 'Article arrivé endommagé. Photos reçues ; article de remplacement envoyé sans frais.',
      es: 'El artículo llegó dañado. El cliente ha enviado fotos; se envía un artículo de sustitución sin coste.',
      it: 'Articolo arrivato danneggiato. Il cliente ha inviato le foto; spedita una sostituzione senza costi.',
      pl: 'Produkt dotarł uszkodzony. Klient przesłał zdjęcia; wysłano nowy egzemplarz bez dodatkowych kosztów.',
    },
  ],
  product_question: [
    {
      en: 'Question about dosage and ingredients; referred to the product page and the leaflet.',
      nl: 'Vraag over dosering en ingrediënten; verwezen naar de productpagina en de bijsluiter.',
      de: 'Frage zu Dosierung und Inhaltsstoffen; auf Produktseite und Beipackzettel verwiesen.',
      fr: 'Question sur le dosage et la composition ; renvoyé vers la fiche produit et la notice.',
      es: 'Consulta sobre dosis e ingredientes; se le remite a la ficha del producto y al prospecto.',
      it: 'Domanda su dosaggio e ingredienti; indicata la scheda prodotto e il foglietto illustrativo.',
      pl: 'Pytanie o dawkowanie i skład; odesłano do karty produktu i ulotki.',
    },
  ],
  payment_issue: [
    {
      en: 'Payment failed at checkout. The amount is only reserved, not charged; explained that it is released automatically.',
      nl: 'Betaling mislukt bij het afrekenen. Bedrag is gereserveerd, niet afgeschreven; uitgelegd dat het vanzelf vrijvalt.',
      de: 'Zahlung beim Checkout fehlgeschlagen. Betrag nur reserviert, nicht abgebucht; erklärt, dass die Reservierung automatisch aufgehoben wird.',
      fr: "Échec du paiement lors de la commande. Montant seulement pré-autorisé, pas débité ; expliqué qu'il sera libéré automatiquement.",
      es: 'Fallo en el pago al finalizar la compra. El importe solo está retenido, no cobrado; se explica que se liberará automáticamente.',
      it: "Pagamento non riuscito al checkout. L'importo è solo preautorizzato, non addebitato; spiegato che verrà sbloccato automaticamente.",
      pl: 'Płatność nie powiodła się przy składaniu zamówienia. Kwota jest tylko zablokowana, nie pobrana; wyjaśniono, że blokada zniknie automatycznie.',
    },
  ],
  cancel_order: [
    {
      en: "Order cancelled at the customer's request before shipping; refund started.",
      nl: 'Bestelling op verzoek van klant geannuleerd vóór verzending; terugbetaling in gang gezet.',
      de: 'Bestellung auf Kundenwunsch vor dem Versand storniert; Erstattung veranlasst.',
      fr: 'Commande annulée à la demande du client avant expédition ; remboursement lancé.',
      es: 'Pedido cancelado a petición del cliente antes del envío; reembolso en curso.',
      it: "Ordine annullato su richiesta del cliente prima della spedizione; rimborso avviato.",
      pl: 'Zamówienie anulowane na prośbę klienta przed wysyłką; zlecono zwrot środków.',
    },
  ],
  wrong_item: [
    {
      en: 'Customer received the wrong item. The right one ships today; customer may keep the wrong one.',
      nl: 'Klant heeft verkeerd artikel ontvangen. Juiste artikel vandaag verstuurd, klant mag het verkeerde houden.',
      de: 'Falscher Artikel geliefert. Richtiger Artikel geht heute raus, der falsche muss nicht zurückgeschickt werden.',
      fr: "Le client a reçu un mauvais article. Le bon article part aujourd'hui, le client peut garder l'autre.",
      es: 'El cliente recibió un artículo equivocado. Hoy se envía el correcto; puede quedarse con el otro.',
      it: "Il cliente ha ricevuto un articolo sbagliato. Quello giusto parte oggi, può tenere l'altro.",
      pl: 'Klient otrzymał niewłaściwy produkt. Właściwy wysłany dzisiaj, błędnego nie trzeba odsyłać.',
    },
  ],
  address_change: [
    {
      en: 'Delivery address changed before shipping; checked the new address with the customer.',
      nl: 'Bezorgadres aangepast vóór verzending; nieuw adres met klant gecontroleerd.',
      de: 'Lieferadresse vor dem Versand geändert; neue Adresse mit dem Kunden abgeglichen.',
      fr: 'Adresse de livraison modifiée avant expédition ; nouvelle adresse confirmée avec le client.',
      es: 'Dirección de entrega modificada antes del envío; nueva dirección confirmada con el cliente.',
      it: 'Indirizzo di consegna modificato prima della spedizione; nuovo indirizzo confermato con il cliente.',
      pl: 'Adres dostawy zmieniony przed wysyłką; nowy adres potwierdzony z klientem.',
    },
  ],
  invoice_request: [
    {
      en: 'Copy of the invoice with the VAT number sent by email.',
      nl: 'Kopie van de factuur met btw-nummer per e-mail verstuurd.',
      de: 'Rechnungskopie mit USt-IdNr. per E-Mail gesendet.',
      fr: 'Copie de la facture avec numéro de TVA envoyée par e-mail.',
      es: 'Copia de la factura con el NIF enviada por correo electrónico.',
      it: 'Copia della fattura con partita IVA inviata via e-mail.',
      pl: 'Kopia faktury z numerem NIP wysłana e-mailem.',
    },
  ],
  discount_code: [
    {
      en: 'Discount code had expired. Applied the discount manually as a goodwill gesture.',
      nl: 'Kortingscode was verlopen. Korting uit coulance handmatig verrekend.',
      de: 'Gutscheincode war abgelaufen. Rabatt aus Kulanz manuell gutgeschrieben.',
      fr: 'Code promo expiré. Remise appliquée manuellement à titre commercial.',
      es: 'El código de descuento había caducado. Descuento aplicado manualmente como gesto comercial.',
      it: 'Codice sconto scaduto. Sconto applicato manualmente come gesto di cortesia.',
      pl: 'Kod rabatowy wygasł. Rabat naliczony ręcznie w ramach gestu dobrej woli.',
    },
  ],
  account_login: [
    {
      en: 'Customer could not log in; sent a password reset link and checked the email address on file.',
      nl: 'Klant kon niet inloggen; link om het wachtwoord te resetten gestuurd en e-mailadres gecontroleerd.',
      de: 'Kunde konnte sich nicht anmelden; Link zum Zurücksetzen des Passworts gesendet und E-Mail-Adresse geprüft.',
      fr: "Le client n'arrivait pas à se connecter ; lien de réinitialisation du mot de passe envoyé et adresse e-mail vérifiée.",
      es: 'El cliente no podía iniciar sesión; se le envía un enlace para restablecer la contraseña y se comprueba su correo electrónico.',
      it: "Il cliente non riusciva ad accedere; inviato il link per reimpostare la password e verificato l'indirizzo e-mail.",
      pl: 'Klient nie mógł się zalogować; wysłano link do zresetowania hasła i sprawdzono adres e-mail.',
    },
  ],
  subscription: [
    {
      en: "Subscription changed at the customer's request: a delivery every 8 weeks.",
      nl: 'Abonnement op verzoek van klant aangepast naar een levering om de 8 weken.',
      de: 'Abo auf Kundenwunsch auf Lieferung alle 8 Wochen umgestellt.',
      fr: 'Abonnement modifié à la demande du client : livraison toutes les 8 semaines.',
      es: 'Suscripción modificada a petición del cliente: entrega cada 8 semanas.',
      it: 'Abbonamento modificato su richiesta del cliente: consegna ogni 8 settimane.',
      pl: 'Subskrypcja zmieniona na prośbę klienta: dostawa co 8 tygodni.',
    },
  ],
  other: [
    {
      en: 'General question answered; no further action needed.',
      nl: 'Algemene vraag beantwoord, geen verdere actie nodig.',
      de: 'Allgemeine Frage beantwortet, keine weitere Aktion erforderlich.',
      fr: 'Question générale traitée, aucune action supplémentaire nécessaire.',
      es: 'Consulta general resuelta; no requiere más acciones.',
      it: 'Domanda generica gestita, nessuna ulteriore azione necessaria.',
      pl: 'Udzielono odpowiedzi na ogólne pytanie; nie wymaga dalszych działań.',
    },
  ],
};
