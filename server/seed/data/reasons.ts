import { type UiLanguage } from '../../../common/locales.ts';

export type ReasonCode =
  | 'where_is_my_order'
  | 'return_request'
  | 'refund_status'
  | 'delivery_complaint'
  | 'damaged_item'
  | 'product_question'
  | 'payment_issue'
  | 'cancel_order'
  | 'wrong_item'
  | 'address_change'
  | 'invoice_request'
  | 'discount_code'
  | 'account_login'
  | 'subscription'
  | 'other';

export interface ReasonDefinition {
  readonly code: ReasonCode;
  /** Share of contacts with this reason: the list is sorted by it, most frequent first. */
  readonly weight: number;
  /** Contacts about one order: the seed links them to an order when the customer has one. */
  readonly aboutOrder: boolean;
  readonly labels: Readonly<Record<UiLanguage, string>>;
}

/** The contact reasons agents pick at wrap-up, most frequent first (that is their `sort`). */
export const REASONS: readonly ReasonDefinition[] = [
  {
    code: 'where_is_my_order',
    weight: 22,
    aboutOrder: true,
    labels: {
      en: 'Where is my order?',
      nl: 'Waar blijft mijn bestelling?',
      de: 'Wo bleibt meine Bestellung?',
      fr: 'Où en est ma commande ?',
      es: '¿Dónde está mi pedido?',
      it: "Dov'è il mio ordine?",
      pl: 'Gdzie jest moje zamówienie?',
    },
  },
  {
    code: 'return_request',
    weight: 12,
    aboutOrder: true,
    labels: { en: 'Return request', nl: 'Retour aanmelden', de: 'Rücksendung anmelden', fr: 'Demande de retour', es: 'Solicitud de devolución', it: 'Richiesta di reso', pl: 'Zgłoszenie zwrotu' },
  },
  {
    code: 'refund_status',
    weight: 9,
    aboutOrder: true,
    labels: { en: 'Refund status', nl: 'Status terugbetaling', de: 'Stand der Erstattung', fr: 'Suivi du remboursement', es: 'Estado del reembolso', it: 'Stato del rimborso', pl: 'Status zwrotu pieniędzy' },
  },
  {
    code: 'delivery_complaint',
    weight: 8,
    aboutOrder: true,
    labels: { en: 'Delivery complaint', nl: 'Klacht over bezorging', de: 'Beschwerde über die Zustellung', fr: 'Réclamation livraison', es: 'Queja sobre la entrega', it: 'Reclamo sulla consegna', pl: 'Reklamacja dostawy' },
  },
  {
    code: 'damaged_item',
    weight: 7,
    aboutOrder: true,
    labels: { en: 'Damaged item', nl: 'Beschadigd artikel', de: 'Beschädigter Artikel', fr: 'Article endommagé', es: 'Artículo dañado', it: 'Articolo danneggiato', pl: 'Uszkodzony produkt' },
  },
  {
    code: 'product_question',
    weight: 7,
    aboutOrder: false,
    labels: { en: 'Product question', nl: 'Vraag over een product', de: 'Frage zum Produkt', fr: 'Question sur un produit', es: 'Consulta sobre un producto', it: 'Domanda su un prodotto', pl: 'Pytanie o produkt' },
  },
  {
    code: 'payment_issue',
    weight: 6,
    aboutOrder: true,
    labels: { en: 'Payment issue', nl: 'Probleem met betaling', de: 'Problem mit der Zahlung', fr: 'Problème de paiement', es: 'Problema con el pago', it: 'Problema con il pagamento', pl: 'Problem z płatnością' },
  },
  {
    code: 'cancel_order',
    weight: 5,
    aboutOrder: true,
    labels: { en: 'Cancel order', nl: 'Bestelling annuleren', de: 'Bestellung stornieren', fr: 'Annulation de commande', es: 'Cancelar pedido', it: "Annullamento dell'ordine", pl: 'Anulowanie zamówienia' },
  },
  {
    code: 'wrong_item',
    weight: 5,
    aboutOrder: true,
    labels: { en: 'Wrong item received', nl: 'Verkeerd artikel ontvangen', de: 'Falscher Artikel geliefert', fr: 'Mauvais article reçu', es: 'Artículo equivocado', it: 'Articolo sbagliato', pl: 'Otrzymano niewłaściwy produkt' },
  },
  {
    code: 'address_change',
    weight: 4,
    aboutOrder: true,
    labels: { en: 'Change delivery address', nl: 'Bezorgadres wijzigen', de: 'Lieferadresse ändern', fr: "Changement d'adresse de livraison", es: 'Cambio de dirección de entrega', it: "Modifica dell'indirizzo di consegna", pl: 'Zmiana adresu dostawy' },
  },
  {
    code: 'invoice_request',
    weight: 4,
    aboutOrder: true,
    labels: { en: 'Invoice request', nl: 'Factuur opvragen', de: 'Rechnung anfordern', fr: 'Demande de facture', es: 'Solicitud de factura', it: 'Richiesta di fattura', pl: 'Prośba o fakturę' },
  },
  {
    code: 'discount_code',
    weight: 3.5,
    aboutOrder: false,
    labels: { en: 'Discount code', nl: 'Kortingscode', de: 'Gutscheincode', fr: 'Code promo', es: 'Código de descuento', it: 'Codice sconto', pl: 'Kod rabatowy' },
  },
  {
    code: 'account_login',
    weight: 3,
    aboutOrder: false,
    labels: { en: 'Account and login', nl: 'Account en inloggen', de: 'Kundenkonto und Anmeldung', fr: 'Compte et connexion', es: 'Cuenta e inicio de sesión', it: 'Account e accesso', pl: 'Konto i logowanie' },
  },
  {
    code: 'subscription',
    weight: 2.5,
    aboutOrder: false,
    labels: { en: 'Subscription', nl: 'Abonnement', de: 'Abo', fr: 'Abonnement', es: 'Suscripción', it: 'Abbonamento', pl: 'Subskrypcja' },
  },
  {
    code: 'other',
    weight: 2,
    aboutOrder: false,
    labels: { en: 'Other', nl: 'Overig', de: 'Sonstiges', fr: 'Autre', es: 'Otro', it: 'Altro', pl: 'Inne' },
  },
];
